namespace MlNetSer.Audio;

/// <summary>How one WAV sample is stored.</summary>
internal enum WavSampleEncoding
{
    /// <summary>8-bit unsigned integer, silence at 128.</summary>
    UInt8,

    /// <summary>16-bit signed little-endian integer.</summary>
    Int16,

    /// <summary>24-bit signed little-endian integer (packed, 3 bytes).</summary>
    Int24,

    /// <summary>32-bit signed little-endian integer.</summary>
    Int32,

    /// <summary>32-bit IEEE float.</summary>
    Float32,

    /// <summary>64-bit IEEE float.</summary>
    Float64,
}

/// <summary>The decoded contents of a WAV file's <c>fmt </c> chunk.</summary>
/// <param name="Encoding">How each sample is stored.</param>
/// <param name="Channels">Interleaved channels per frame.</param>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="BlockAlign">Bytes per frame.</param>
internal readonly record struct WavFormat(WavSampleEncoding Encoding, int Channels, int SampleRate, int BlockAlign)
{
    /// <summary>Bytes per sample of one channel.</summary>
    public int BytesPerSample => BlockAlign / Channels;

    /// <summary>Short name for <see cref="AudioInfo.Format"/>, e.g. "wav/pcm16" or "wav/float32".</summary>
    public string Name => Encoding switch
    {
        WavSampleEncoding.UInt8 => "wav/pcm8",
        WavSampleEncoding.Int16 => "wav/pcm16",
        WavSampleEncoding.Int24 => "wav/pcm24",
        WavSampleEncoding.Int32 => "wav/pcm32",
        WavSampleEncoding.Float32 => "wav/float32",
        _ => "wav/float64",
    };

    /// <summary>True for the IEEE float encodings, whose samples may be NaN or infinite.</summary>
    public bool IsFloat => Encoding is WavSampleEncoding.Float32 or WavSampleEncoding.Float64;
}
