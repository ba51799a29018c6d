namespace MlNetSer.Audio;

/// <summary>
/// A decoded audio file read in pieces: mono (channels averaged), resampled to <see cref="SampleRate"/>,
/// float samples in [-1, 1]. Lets hour-long files become features without holding them in memory.
/// </summary>
public abstract class MonoAudioStream : IDisposable
{
    /// <summary>What the file was before conversion.</summary>
    public abstract AudioInfo Source { get; }

    /// <summary>The output sample rate in Hz.</summary>
    public abstract int SampleRate { get; }

    /// <summary>
    /// Fills <paramref name="buffer"/> with the next mono samples; returns how many were written,
    /// 0 at the end. Throws <see cref="AudioDecodingException"/> on corrupt data (truncation, NaN, ∞).
    /// </summary>
    public abstract int Read(Span<float> buffer);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the underlying file or process.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
