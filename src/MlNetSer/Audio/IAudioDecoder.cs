namespace MlNetSer.Audio;

/// <summary>
/// One container/codec's decoder: yields interleaved float samples at the source rate and channel count.
/// Decoders throw <see cref="AudioDecodingException"/> for corrupt or truncated data.
/// </summary>
internal interface IAudioDecoder : IDisposable
{
    /// <summary>The container/codec, as reported in <see cref="AudioInfo.Format"/>.</summary>
    string Format { get; }

    /// <summary>Source sample rate in Hz (positive).</summary>
    int SampleRate { get; }

    /// <summary>Source channel count (positive).</summary>
    int Channels { get; }

    /// <summary>Frames the header announces, or null when the container does not say.</summary>
    long? FrameCount { get; }

    /// <summary>
    /// Fills <paramref name="interleaved"/> with whole frames; returns the number of samples written
    /// (a multiple of <see cref="Channels"/>), 0 at the end.
    /// </summary>
    int Read(Span<float> interleaved);
}
