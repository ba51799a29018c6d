using System.Buffers.Binary;
using System.Text;

namespace MlNetSer.Tests.Audio;

/// <summary>
/// Writes WAV bytes for tests, including deliberately broken ones: every header field can be overridden
/// and extra chunks can be placed before the fmt chunk, between fmt and data, and after data.
/// </summary>
internal sealed class WavBuilder
{
    public static readonly Guid PcmSubFormat = new("00000001-0000-0010-8000-00aa00389b71");
    public static readonly Guid FloatSubFormat = new("00000003-0000-0010-8000-00aa00389b71");

    public string Riff { get; init; } = "RIFF";
    public int FormatTag { get; init; } = 1;
    public int Channels { get; init; } = 1;
    public uint SampleRate { get; init; } = 16000;
    public int BitsPerSample { get; init; } = 16;
    public int? BlockAlign { get; init; }
    public Guid? ExtensibleSubFormat { get; init; }
    public byte[] Data { get; init; } = [];
    public uint? DataSizeOverride { get; init; }
    public long? Ds64DataSize { get; init; }
    public List<(string Id, byte[] Body)> ChunksBeforeFmt { get; } = [];
    public List<(string Id, byte[] Body)> ChunksBeforeData { get; } = [];
    public List<(string Id, byte[] Body)> ChunksAfterData { get; } = [];
    public bool OmitFmt { get; init; }
    public bool DataBeforeFmt { get; init; }

    public byte[] ToBytes()
    {
        using var body = new MemoryStream();
        if (Ds64DataSize is { } ds64)
        {
            var chunk = new byte[28];
            BinaryPrimitives.WriteInt64LittleEndian(chunk.AsSpan(8), ds64);
            WriteChunk(body, "ds64", chunk);
        }

        foreach (var (id, bytes) in ChunksBeforeFmt)
        {
            WriteChunk(body, id, bytes);
        }

        if (DataBeforeFmt)
        {
            WriteData(body);
        }

        if (!OmitFmt)
        {
            WriteChunk(body, "fmt ", FormatChunk());
        }

        foreach (var (id, bytes) in ChunksBeforeData)
        {
            WriteChunk(body, id, bytes);
        }

        if (!DataBeforeFmt)
        {
            WriteData(body);
        }

        foreach (var (id, bytes) in ChunksAfterData)
        {
            WriteChunk(body, id, bytes);
        }

        var file = new MemoryStream();
        file.Write(Encoding.ASCII.GetBytes(Riff));
        file.Write(UInt32((uint)(body.Length + 4)));
        file.Write("WAVE"u8);
        body.Position = 0;
        body.CopyTo(file);
        return file.ToArray();
    }

    public string WriteTo(string directory, string name = "clip.wav")
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, ToBytes());
        return path;
    }

    private void WriteData(Stream body)
    {
        body.Write("data"u8);
        body.Write(UInt32(DataSizeOverride ?? (uint)Data.Length));
        body.Write(Data);
        if (Data.Length % 2 == 1)
        {
            body.WriteByte(0);
        }
    }

    private byte[] FormatChunk()
    {
        var extensible = ExtensibleSubFormat is not null;
        var chunk = new byte[extensible ? 40 : 16];
        var span = chunk.AsSpan();
        var blockAlign = BlockAlign ?? Channels * BitsPerSample / 8;
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)(extensible ? 0xFFFE : FormatTag));
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], (ushort)Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)(SampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(span[12..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(span[14..], (ushort)BitsPerSample);
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[16..], 22);
            BinaryPrimitives.WriteUInt16LittleEndian(span[18..], (ushort)BitsPerSample);
            BinaryPrimitives.WriteUInt32LittleEndian(span[20..], 0);
            ExtensibleSubFormat!.Value.TryWriteBytes(span[24..]);
        }

        return chunk;
    }

    private static void WriteChunk(Stream stream, string id, byte[] bytes)
    {
        stream.Write(Encoding.ASCII.GetBytes(id));
        stream.Write(UInt32((uint)bytes.Length));
        stream.Write(bytes);
        if (bytes.Length % 2 == 1)
        {
            stream.WriteByte(0);
        }
    }

    private static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    // Sample encoders: little-endian bytes of the given values.
    public static byte[] UInt8(params byte[] samples) => samples;

    public static byte[] Int16(params short[] samples) => Encode(samples.Length, 2, (s, i) => BinaryPrimitives.WriteInt16LittleEndian(s, samples[i]));

    public static byte[] Int24(params int[] samples) => Encode(samples.Length, 3, (s, i) =>
    {
        s[0] = (byte)samples[i];
        s[1] = (byte)(samples[i] >> 8);
        s[2] = (byte)(samples[i] >> 16);
    });

    public static byte[] Int32(params int[] samples) => Encode(samples.Length, 4, (s, i) => BinaryPrimitives.WriteInt32LittleEndian(s, samples[i]));

    public static byte[] Float32(params float[] samples) => Encode(samples.Length, 4, (s, i) => BinaryPrimitives.WriteSingleLittleEndian(s, samples[i]));

    public static byte[] Float64(params double[] samples) => Encode(samples.Length, 8, (s, i) => BinaryPrimitives.WriteDoubleLittleEndian(s, samples[i]));

    /// <summary>16-bit PCM of <paramref name="signal"/> (values in [-1, 1)).</summary>
    public static byte[] Int16(float[] signal) => Int16(signal.Select(v => (short)Math.Round(v * 32767)).ToArray());

    private delegate void SampleWriter(Span<byte> destination, int index);

    private static byte[] Encode(int count, int size, SampleWriter write)
    {
        var bytes = new byte[count * size];
        for (var i = 0; i < count; i++)
        {
            write(bytes.AsSpan(i * size, size), i);
        }

        return bytes;
    }
}
