using System.Buffers.Binary;

namespace MlNetSer.Audio;

/// <summary>
/// Writes 16-bit PCM RIFF/WAVE files (the canonical 44-byte header), the format every reader takes.
/// Samples are floats in [-1, 1]; values outside are clipped and the rest rounded to the nearest step.
/// </summary>
public static class WavWriter
{
    /// <summary>Size of the canonical header that precedes the samples.</summary>
    public const int HeaderSize = 44;

    /// <summary>The whole file's bytes: header and interleaved 16-bit samples.</summary>
    /// <param name="samples">Interleaved samples in [-1, 1] (frames × <paramref name="channels"/>).</param>
    /// <param name="sampleRate">Frames per second.</param>
    /// <param name="channels">Channels (default 1).</param>
    /// <exception cref="ArgumentException">A rate or channel count below 1, or a sample count that is not a whole number of frames.</exception>
    public static byte[] ToPcm16Bytes(ReadOnlySpan<float> samples, int sampleRate, int channels = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (samples.Length % channels != 0)
            throw new ArgumentException($"{samples.Length} samples are not a whole number of {channels}-channel frames.", nameof(samples));
        var dataBytes = checked(samples.Length * 2);
        var bytes = new byte[HeaderSize + dataBytes];
        var span = bytes.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)(sampleRate * channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], (ushort)(channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], (uint)dataBytes);
        for (var i = 0; i < samples.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(span[(HeaderSize + 2 * i)..], ToInt16(samples[i]));
        return bytes;
    }

    /// <summary>Writes the samples as a 16-bit PCM WAV file, atomically (see <see cref="IO.AtomicFile"/>).</summary>
    /// <param name="path">The file to write; its folder is created when missing.</param>
    /// <param name="samples">Interleaved samples in [-1, 1].</param>
    /// <param name="sampleRate">Frames per second.</param>
    /// <param name="channels">Channels (default 1).</param>
    public static void WritePcm16(string path, ReadOnlySpan<float> samples, int sampleRate, int channels = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        IO.AtomicFile.WriteAllBytes(path, ToPcm16Bytes(samples, sampleRate, channels));
    }

    // NaN becomes silence rather than an arbitrary integer.
    private static short ToInt16(float value)
        => float.IsNaN(value) ? (short)0 : (short)Math.Round(Math.Clamp(value, -1f, 1f) * 32767.0);
}
