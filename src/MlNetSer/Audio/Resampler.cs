namespace MlNetSer.Audio;

/// <summary>
/// Band-limited streaming sample-rate converter for one channel.
/// </summary>
public sealed class Resampler
{
    /// <summary>Creates a converter from <paramref name="inputRate"/> to <paramref name="outputRate"/> Hz.</summary>
    public Resampler(int inputRate, int outputRate) => throw new NotImplementedException();

    /// <summary>Input rate in Hz.</summary>
    public int InputRate { get; }

    /// <summary>Output rate in Hz.</summary>
    public int OutputRate { get; }

    /// <summary>Feeds <paramref name="input"/> and appends the samples that are now determined to <paramref name="output"/>.</summary>
    public void Process(ReadOnlySpan<float> input, List<float> output) => throw new NotImplementedException();

    /// <summary>Ends the stream, appending the remaining samples (the total output length is round(inputLength · out / in)).</summary>
    public void Flush(List<float> output) => throw new NotImplementedException();

    /// <summary>Converts a whole signal at once.</summary>
    public static float[] Resample(ReadOnlySpan<float> input, int inputRate, int outputRate) => throw new NotImplementedException();
}
