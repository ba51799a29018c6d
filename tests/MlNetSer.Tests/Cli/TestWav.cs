using System.Buffers.Binary;

namespace MlNetSer.Tests.Cli;

/// <summary>Writes 16-bit PCM WAV files of a deterministic test signal, streaming, so hour-long files cost no memory.</summary>
internal static class TestWav
{
    /// <summary>
    /// Writes <paramref name="seconds"/> of a two-tone signal with a slow amplitude swell (channel c is
    /// phase-shifted by c) to <paramref name="path"/>.
    /// </summary>
    public static void Write(string path, double seconds, int sampleRate = 22050, int channels = 1)
    {
        var frames = (long)Math.Round(seconds * sampleRate);
        var dataBytes = frames * channels * 2;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> header = stackalloc byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], sampleRate * channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], (short)(channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], (uint)dataBytes);
        stream.Write(header);

        var block = new byte[8192 * channels * 2];
        for (long start = 0; start < frames; start += 8192)
        {
            var count = (int)Math.Min(8192, frames - start);
            for (var i = 0; i < count; i++)
            {
                var t = (double)(start + i) / sampleRate;
                for (var c = 0; c < channels; c++)
                {
                    var swell = 0.5 + 0.4 * Math.Sin(2 * Math.PI * 0.7 * t);
                    var value = swell * (0.6 * Math.Sin(2 * Math.PI * 220 * t + c) + 0.3 * Math.Sin(2 * Math.PI * 1375 * t));
                    BinaryPrimitives.WriteInt16LittleEndian(block.AsSpan((i * channels + c) * 2), (short)Math.Round(value * 32767));
                }
            }

            stream.Write(block, 0, count * channels * 2);
        }
    }
}
