using System.Buffers.Binary;

namespace MlNetSer.Tests.Cli;

/// <summary>Writes 16-bit PCM WAV files of a deterministic test signal, streaming, so hour-long files cost no memory.</summary>
internal static class TestWav
{
    /// <summary>
    /// Writes <paramref name="seconds"/> of a two-tone signal (220 and 1375 Hz) with a slow amplitude swell
    /// (0.7 Hz; channel c is phase-shifted by c radians) to <paramref name="path"/>.
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

        // Every component completes whole cycles in 10 s, so longer files repeat that period seamlessly
        // and an hour-long file costs no more computing than 10 s.
        var period = PcmBytes(Math.Min(frames, PeriodSeconds * sampleRate), sampleRate, channels);
        for (var remaining = dataBytes; remaining > 0; remaining -= period.Length)
            stream.Write(period, 0, (int)Math.Min(period.Length, remaining));
    }

    private const int PeriodSeconds = 10;

    private static byte[] PcmBytes(long frames, int sampleRate, int channels)
    {
        var bytes = new byte[frames * channels * 2];
        for (var i = 0; i < frames; i++)
        {
            var t = (double)i / sampleRate;
            var swell = 0.5 + 0.4 * Math.Sin(2 * Math.PI * 0.7 * t);
            for (var c = 0; c < channels; c++)
            {
                var value = swell * (0.6 * Math.Sin(2 * Math.PI * 220 * t + c) + 0.3 * Math.Sin(2 * Math.PI * 1375 * t));
                BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan((i * channels + c) * 2), (short)Math.Round(value * 32767));
            }
        }

        return bytes;
    }
}
