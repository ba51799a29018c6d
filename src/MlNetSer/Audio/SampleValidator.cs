namespace MlNetSer.Audio;

/// <summary>
/// Rejects NaN and infinite samples. Finite float samples outside [-1, 1] are kept as they are: float
/// files may legitimately exceed full scale, and clipping them would change the signal silently.
/// </summary>
internal static class SampleValidator
{
    /// <summary>
    /// Throws when <paramref name="interleaved"/> holds a NaN or infinite sample. <paramref name="firstFrame"/>
    /// is the frame number of its first sample, used to say where the bad sample is.
    /// </summary>
    /// <exception cref="AudioDecodingException">A sample is not finite.</exception>
    public static void EnsureFinite(ReadOnlySpan<float> interleaved, int channels, int sampleRate, long firstFrame, string path)
    {
        for (var i = 0; i < interleaved.Length; i++)
        {
            if (!float.IsFinite(interleaved[i]))
            {
                var frame = firstFrame + (i / channels);
                var what = float.IsNaN(interleaved[i]) ? "NaN" : "infinite";
                var channel = channels > 1 ? $", channel {i % channels}" : string.Empty;
                throw new AudioDecodingException(
                    path,
                    $"sample {frame}{channel} (at {frame / (double)sampleRate:0.######} s) is {what}; audio samples must be finite numbers");
            }
        }
    }
}
