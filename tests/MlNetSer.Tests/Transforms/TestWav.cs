using System.Buffers.Binary;

namespace MlNetSer.Tests.Transforms;

/// <summary>Writes small 16-bit PCM WAV files with a deterministic signal for the transform tests.</summary>
internal static class TestWav
{
    /// <summary>Writes <paramref name="seconds"/> of a chirp plus noise at <paramref name="sampleRate"/> Hz.</summary>
    public static string Write(string directory, string name, double seconds, int sampleRate = 22050, int channels = 1, int seed = 1)
    {
        var frames = (int)Math.Round(seconds * sampleRate);
        var samples = new short[frames * channels];
        var noise = (uint)seed * 2654435761u;
        for (var i = 0; i < frames; i++)
        {
            var t = (double)i / sampleRate;
            var tone = 0.4 * Math.Sin(2 * Math.PI * (220 + 600 * t) * t) + 0.2 * Math.Sin(2 * Math.PI * 1700 * t + seed);
            for (var c = 0; c < channels; c++)
            {
                noise = noise * 1664525u + 1013904223u;
                var value = tone * (c == 0 ? 1 : 0.5) + 0.05 * ((noise >> 8) / (double)(1 << 24) - 0.5);
                samples[i * channels + c] = (short)Math.Clamp(Math.Round(value * 32767), short.MinValue, short.MaxValue);
            }
        }

        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, Encode(samples, sampleRate, channels));
        return path;
    }

    private static byte[] Encode(short[] samples, int sampleRate, int channels)
    {
        var dataBytes = samples.Length * 2;
        var bytes = new byte[44 + dataBytes];
        var span = bytes.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], (short)(channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], dataBytes);
        for (var i = 0; i < samples.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(span[(44 + 2 * i)..], samples[i]);
        return bytes;
    }
}

/// <summary>A temporary folder removed after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlnetser-transforms-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
