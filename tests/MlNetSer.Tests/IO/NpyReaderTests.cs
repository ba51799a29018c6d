using System.Text;
using MlNetSer.IO;

namespace MlNetSer.Tests.IO;

public class NpyReaderTests
{
    /// <summary>A v1.0 file with <paramref name="dictionary"/> as header and <paramref name="dataBytes"/> bytes of data.</summary>
    private static void WriteRaw(string path, string dictionary, int dataBytes, byte major = 1)
    {
        var length = NpyFormat.PaddedHeaderLength(dictionary.Length);
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0, (byte)(length & 0xFF), (byte)(length >> 8)]);
        stream.Write(Encoding.ASCII.GetBytes(dictionary.PadRight(length - 1) + "\n"));
        stream.Write(new byte[dataBytes]);
    }

    [Fact]
    public void ReadsAHandWrittenFileLikeNumpySaves()
    {
        using var dir = new TempDirectory();
        var path = dir.File("np.npy");
        WriteRaw(path, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", 16);
        var array = NpyReader.Read(path);
        Assert.Equal(new long[] { 2, 2 }, array.Shape);
        Assert.Equal(new float[4], array.Data);
    }

    [Fact]
    public void RejectsAFileWithoutTheMagic()
    {
        using var dir = new TempDirectory();
        var path = dir.File("text.npy");
        File.WriteAllText(path, "just some text, not numpy");
        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("magic", ex.Message);
    }

    [Fact]
    public void RejectsAnUnknownVersion()
    {
        using var dir = new TempDirectory();
        var path = dir.File("v9.npy");
        WriteRaw(path, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4, major: 9);
        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.Read(path));
        Assert.Contains("version 9.0", ex.Message);
    }

    [Theory]
    [InlineData("<f8")]
    [InlineData(">f4")]
    [InlineData("<i4")]
    public void RejectsOtherDtypes(string dtype)
    {
        using var dir = new TempDirectory();
        var path = dir.File("d.npy");
        WriteRaw(path, $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': (2,), }}", 16);
        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains($"'{dtype}'", ex.Message);
    }

    [Fact]
    public void RejectsFortranOrder()
    {
        using var dir = new TempDirectory();
        var path = dir.File("f.npy");
        WriteRaw(path, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16);
        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.Read(path));
        Assert.Contains("Fortran", ex.Message);
    }

    [Fact]
    public void RejectsTruncatedAndOverlongData()
    {
        using var dir = new TempDirectory();
        var shortFile = dir.File("short.npy");
        WriteRaw(shortFile, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", 20);
        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.Read(shortFile));
        Assert.Contains("truncated", ex.Message);

        var longFile = dir.File("long.npy");
        WriteRaw(longFile, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", 28);
        Assert.Throws<InvalidDataException>(() => NpyReader.Read(longFile));
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        using var dir = new TempDirectory();
        var path = dir.File("nope.npy");
        var ex = Assert.Throws<FileNotFoundException>(() => NpyReader.Read(path));
        Assert.Contains(path, ex.Message);
    }
}
