using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace MlNetSer.Features.Store;

/// <summary>The header of an entry file as read back.</summary>
/// <param name="HeaderLength">Bytes before the first segment (the data offset).</param>
/// <param name="SegmentCount">Segments that follow.</param>
/// <param name="SampleCount">Samples decoded from the audio file (its duration at the decoding rate).</param>
/// <param name="Checksum">XxHash3 of the segment bytes.</param>
/// <param name="SegmentShape">Shape of one segment.</param>
/// <param name="Key">The entry's key (JSON): what the segments were made from and with.</param>
internal sealed record SegmentEntryHeader(int HeaderLength, long SegmentCount, long SampleCount, ulong Checksum, int[] SegmentShape, string Key);

/// <summary>
/// The layout of an entry file: one self-describing file per (audio file, options, tensor kind), so that one rename
/// publishes a whole entry and no index has to agree with the data.
/// </summary>
/// <remarks>
/// Little-endian. Bytes 0–7 magic <c>MLNSSEG\0</c>; 8 format version (int32); 12 header length = data offset (int32,
/// a multiple of 64); 16 segment count (int64); 24 decoded sample count (int64); 32 XxHash3 of the data (uint64);
/// 40 segment rank (int32); 44 up to four segment dimensions (int32 each); 60 key length in bytes (int32); 64 the key,
/// UTF-8 JSON; zero padding up to the data; then count × segment size float32 values in C order. The count and checksum
/// are only known at the end, so a writer writes the header twice; the file is complete exactly when its length is the
/// header length plus the data the count announces.
/// </remarks>
internal static class SegmentEntryFormat
{
    /// <summary>Bumped whenever the layout or the way tensors are computed changes; part of every key, so old entries are recomputed.</summary>
    public const int Version = 1;

    /// <summary>The entry file suffix.</summary>
    public const string Extension = ".seg";

    private const int FixedLength = 64;
    private const int Alignment = 64;
    private const int MaxRank = 4;
    private const int MaxKeyBytes = 1 << 20;
    private static ReadOnlySpan<byte> Magic => "MLNSSEG\0"u8;

    public static byte[] EncodeHeader(string key, IReadOnlyList<int> shape, long segmentCount, long sampleCount, ulong checksum)
    {
        if (shape.Count is 0 or > MaxRank)
            throw new ArgumentException($"A segment has 1 to {MaxRank} dimensions, not {shape.Count}.", nameof(shape));
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var header = new byte[(FixedLength + keyBytes.Length + Alignment - 1) / Alignment * Alignment];
        var span = header.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], header.Length);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], segmentCount);
        BinaryPrimitives.WriteInt64LittleEndian(span[24..], sampleCount);
        BinaryPrimitives.WriteUInt64LittleEndian(span[32..], checksum);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], shape.Count);
        for (var d = 0; d < shape.Count; d++)
            BinaryPrimitives.WriteInt32LittleEndian(span[(44 + 4 * d)..], shape[d]);
        BinaryPrimitives.WriteInt32LittleEndian(span[60..], keyBytes.Length);
        keyBytes.CopyTo(span[FixedLength..]);
        return header;
    }

    /// <summary>Reads the header of <paramref name="file"/>; null with the reason when it is not a complete entry of this version.</summary>
    public static SegmentEntryHeader? TryReadHeader(FileStream file, out string problem)
    {
        Span<byte> fixedPart = stackalloc byte[FixedLength];
        file.Position = 0;
        if (file.ReadAtLeast(fixedPart, FixedLength, throwOnEndOfStream: false) < FixedLength || !fixedPart[..8].SequenceEqual(Magic))
            return Fail("not an entry file (bad or short header)", out problem);
        if (BinaryPrimitives.ReadInt32LittleEndian(fixedPart[8..]) != Version)
            return Fail("written by another store format version", out problem);
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[12..]);
        var count = BinaryPrimitives.ReadInt64LittleEndian(fixedPart[16..]);
        var samples = BinaryPrimitives.ReadInt64LittleEndian(fixedPart[24..]);
        var checksum = BinaryPrimitives.ReadUInt64LittleEndian(fixedPart[32..]);
        var rank = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[40..]);
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[60..]);
        if (rank is < 1 or > MaxRank || keyLength is < 0 or > MaxKeyBytes || headerLength < FixedLength + keyLength || count < 0 || samples < 0)
            return Fail("corrupt header", out problem);
        var shape = new int[rank];
        for (var d = 0; d < rank; d++)
            shape[d] = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[(44 + 4 * d)..]);
        if (shape.Any(d => d < 1))
            return Fail("corrupt header", out problem);

        var key = new byte[keyLength];
        if (file.ReadAtLeast(key, keyLength, throwOnEndOfStream: false) < keyLength)
            return Fail("truncated header", out problem);
        var expectedLength = headerLength + count * shape.Aggregate(1L, (a, b) => a * b) * sizeof(float);
        if (file.Length != expectedLength)
            return Fail($"{file.Length} bytes where the header announces {expectedLength} (truncated or unfinished)", out problem);
        problem = "";
        return new SegmentEntryHeader(headerLength, count, samples, checksum, shape, Encoding.UTF8.GetString(key));
    }

    /// <summary>The XxHash3 of the data of <paramref name="file"/> (everything after the header).</summary>
    public static ulong ComputeChecksum(FileStream file, int headerLength)
    {
        var hash = new XxHash3();
        var buffer = new byte[1 << 20];
        file.Position = headerLength;
        int read;
        while ((read = file.Read(buffer)) > 0)
            hash.Append(buffer.AsSpan(0, read));
        return hash.GetCurrentHashAsUInt64();
    }

    private static SegmentEntryHeader? Fail(string reason, out string problem)
    {
        problem = reason;
        return null;
    }
}
