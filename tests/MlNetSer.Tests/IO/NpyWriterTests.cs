using System.Buffers.Binary;
using System.Text;
using MlNetSer.IO;

namespace MlNetSer.Tests.IO;

public class NpyWriterTests
{
    private static float[] Ramp(int n) => [.. Enumerable.Range(0, n).Select(i => i * 0.5f - 3.25f)];

    [Fact]
    public void HeaderBytesFollowNpyVersion1Layout()
    {
        using var dir = new TempDirectory();
        var path = dir.File("a.npy");
        using (var writer = new NpyWriter(path, [3]))
        {
            writer.WriteItem([1f, 2f, 3f]);
            writer.WriteItem([4f, 5f, 6f]);
            writer.Complete();
        }

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        var dataStart = 10 + headerLength;
        Assert.Equal(0, dataStart % 64);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        const string Dictionary = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        Assert.StartsWith(Dictionary, header);
        Assert.EndsWith("\n", header);
        Assert.Equal(new string(' ', headerLength - Dictionary.Length - 1), header[Dictionary.Length..^1]);

        Assert.Equal(dataStart + 6 * 4, bytes.Length);
        for (var i = 0; i < 6; i++)
            Assert.Equal(i + 1f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(dataStart + 4 * i)));
    }

    [Fact]
    public void OneDimensionalShapeUsesPythonSingletonTuple()
    {
        using var dir = new TempDirectory();
        var path = dir.File("v.npy");
        using (var writer = new NpyWriter(path, []))
        {
            writer.Write([7f, 8f, 9f, 10f, 11f]);
            writer.Complete();
        }

        var text = Encoding.ASCII.GetString(File.ReadAllBytes(path), 10, 64);
        Assert.Contains("'shape': (5,), }", text);
        var array = NpyReader.Read(path);
        Assert.Equal(new long[] { 5 }, array.Shape);
        Assert.Equal(new[] { 7f, 8f, 9f, 10f, 11f }, array.Data);
    }

    [Fact]
    public void RoundTripsFourDimensionalData()
    {
        using var dir = new TempDirectory();
        var path = dir.File("clips.npy");
        var values = Ramp(5 * 3 * 4 * 2 * 2);
        using (var writer = new NpyWriter(path, [3, 4, 2, 2]))
        {
            for (var i = 0; i < 5; i++)
                writer.WriteItem(values.AsSpan(i * 48, 48));
            Assert.Equal(new long[] { 5, 3, 4, 2, 2 }, writer.Shape);
            writer.Complete();
        }

        var array = NpyReader.Read(path);
        Assert.Equal(new long[] { 5, 3, 4, 2, 2 }, array.Shape);
        Assert.Equal(values, array.Data);
        Assert.Equal(new long[] { 5, 3, 4, 2, 2 }, NpyReader.ReadShape(path));
    }

    [Fact]
    public void StreamedWritesInArbitraryPiecesRewriteTheHeaderInPlace()
    {
        using var dir = new TempDirectory();
        var path = dir.File("s.npy");
        var values = Ramp(7 * 625);
        using (var writer = new NpyWriter(path, [1, 625]))
        {
            // Pieces that do not line up with items: the writer only needs whole items at the end.
            writer.Write(values.AsSpan(0, 1000));
            writer.Write(values.AsSpan(1000, 2));
            writer.Write(values.AsSpan(1002));
            writer.Complete();
        }

        // The header reserved before the count was known is the one rewritten: same size, data right after it.
        var headerBytes = 10 + NpyFormat.ReservedHeaderLength([1, 625]);
        Assert.Equal(headerBytes, 10 + BinaryPrimitives.ReadUInt16LittleEndian(File.ReadAllBytes(path).AsSpan(8, 2)));
        Assert.Equal(headerBytes + values.Length * 4L, new FileInfo(path).Length);
        Assert.Equal(0, headerBytes % 64);
        var array = NpyReader.Read(path);
        Assert.Equal(new long[] { 7, 1, 625 }, array.Shape);
        Assert.Equal(values, array.Data);
    }

    [Fact]
    public void ReservedHeaderFitsTheLargestPossibleCount()
    {
        int[] itemShape = [3, 10, 64, 64];
        var reserved = NpyFormat.ReservedHeaderLength(itemShape);
        var header = NpyFormat.EncodeHeader([long.MaxValue, 3, 10, 64, 64], reserved);
        Assert.Equal(10 + reserved, header.Length);
        Assert.Equal(0, header.Length % 64);
        Assert.Contains($"({long.MaxValue}, 3, 10, 64, 64)", Encoding.ASCII.GetString(header));
    }

    [Fact]
    public void EmptyArrayHasLeadingDimensionZero()
    {
        using var dir = new TempDirectory();
        var path = dir.File("empty.npy");
        using (var writer = new NpyWriter(path, [3, 4]))
            writer.Complete();

        var array = NpyReader.Read(path);
        Assert.Equal(new long[] { 0, 3, 4 }, array.Shape);
        Assert.Empty(array.Data);
    }

    [Fact]
    public void NothingAppearsUnderTheFinalNameUntilComplete()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.npy");
        using var writer = new NpyWriter(path, [2]);
        writer.WriteItem([1f, 2f]);
        Assert.False(File.Exists(path));
        Assert.True(File.Exists(path + ".tmp"));

        writer.Complete();
        Assert.True(File.Exists(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void DisposeWithoutCompleteLeavesNoFileAndKeepsAnOlderOne()
    {
        using var dir = new TempDirectory();
        var fresh = dir.File("fresh.npy");
        using (var writer = new NpyWriter(fresh, [2]))
            writer.WriteItem([1f, 2f]);
        Assert.False(File.Exists(fresh));
        Assert.False(File.Exists(fresh + ".tmp"));

        var existing = dir.File("existing.npy");
        using (var writer = new NpyWriter(existing, [1]))
        {
            writer.WriteItem([42f]);
            writer.Complete();
        }

        using (var writer = new NpyWriter(existing, [1]))
            writer.WriteItem([13f]); // interrupted: never completed
        Assert.Equal(new[] { 42f }, NpyReader.Read(existing).Data);

        using (var writer = new NpyWriter(existing, [1]))
        {
            writer.WriteItem([13f]);
            writer.Complete();
        }

        Assert.Equal(new[] { 13f }, NpyReader.Read(existing).Data);
    }

    [Fact]
    public void CompleteRejectsAPartialItem()
    {
        using var dir = new TempDirectory();
        var path = dir.File("p.npy");
        using var writer = new NpyWriter(path, [4]);
        writer.Write([1f, 2f, 3f, 4f, 5f]);
        var ex = Assert.Throws<InvalidOperationException>(writer.Complete);
        Assert.Contains("whole number of items", ex.Message);
    }

    [Fact]
    public void WriteItemRejectsAWrongLengthAndWritesAfterCompleteFail()
    {
        using var dir = new TempDirectory();
        using var writer = new NpyWriter(dir.File("w.npy"), [2, 2]);
        Assert.Throws<ArgumentException>(() => writer.WriteItem([1f, 2f, 3f]));
        writer.Complete();
        Assert.Throws<InvalidOperationException>(() => writer.Write([1f]));
    }

    [Fact]
    public void RejectsNonPositiveDimensions()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentException>(() => new NpyWriter(dir.File("z.npy"), [3, 0]));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
