namespace MlNetSer.Audio;

/// <summary>
/// Entry point of the audio front end: WAV and MP3 are decoded in managed code, anything else
/// (Ogg, FLAC, M4A, AVI, MP4, …) through the ffmpeg program. Channels are averaged to mono and the
/// result is resampled to the target rate with a band-limited resampler.
/// </summary>
public static class AudioReader
{
    /// <summary>The sample rate the paper's features use.</summary>
    public const int DefaultSampleRate = 22050;

    /// <summary>Opens <paramref name="path"/> for streaming.</summary>
    /// <exception cref="AudioDecodingException">The file is missing, not audio, or corrupt.</exception>
    public static MonoAudioStream Open(string path, int targetSampleRate = DefaultSampleRate)
        => throw new NotImplementedException();

    /// <summary>Reads the whole of <paramref name="path"/>.</summary>
    /// <exception cref="AudioDecodingException">The file is missing, not audio, or corrupt.</exception>
    public static AudioClip Load(string path, int targetSampleRate = DefaultSampleRate)
        => throw new NotImplementedException();

    /// <summary>Mixes nothing (the samples are mono already) but resamples and validates in-memory samples.</summary>
    /// <exception cref="AudioDecodingException">A sample is NaN or infinite, or the rate is not positive.</exception>
    public static AudioClip FromSamples(ReadOnlySpan<float> samples, int sampleRate, int targetSampleRate = DefaultSampleRate, string name = "<samples>")
        => throw new NotImplementedException();
}
