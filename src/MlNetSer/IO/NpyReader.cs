using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace MlNetSer.IO;

/// <summary>
/// Reads NumPy <c>.npy</c> files holding little-endian float32 in C order (what <see cref="NpyWriter"/>
/// and <c>numpy.save</c> of a float32 array write). Format versions 1.0, 2.0 and 3.0 are accepted.
/// </summary>
public static partial class NpyReader
{
    /// <summary>Reads the shape and all values of <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">It is not a float32 C-order .npy file, or it is truncated; the message names the file and the problem.</exception>
    public static NpyArray Read(string path)
    {
        using var stream = OpenRead(path);
        var shape = ReadShape(stream, path);
        var count = shape.Aggregate(1L, (a, b) => checked(a * b));
        if (count > Array.MaxLength)
            throw new InvalidDataException($"{path}: {count} values do not fit in one array.");
        CheckDataLength(shape, stream.Length - stream.Position, path);

        var data = new float[count];
        stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            var ints = MemoryMarshal.Cast<float, int>(data.AsSpan());
            BinaryPrimitives.ReverseEndianness(ints, ints);
        }

        return new NpyArray(shape, data);
    }

    /// <summary>Reads only the shape of <paramref name="path"/> (cheap for large files).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">It is not a float32 C-order .npy file.</exception>
    public static long[] ReadShape(string path)
    {
        using var stream = OpenRead(path);
        return ReadShape(stream, path);
    }

    /// <summary>
    /// Reads the shape of <paramref name="path"/> and where its data begin, and checks that the file
    /// holds exactly the data the shape declares, so the values can be used in place (memory-mapped).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">It is not a float32 C-order .npy file, or its data are truncated or overlong.</exception>
    internal static NpyHeader ReadHeader(string path)
    {
        using var stream = OpenRead(path);
        var shape = ReadShape(stream, path);
        CheckDataLength(shape, stream.Length - stream.Position, path);
        return new NpyHeader(shape, stream.Position);
    }

    private static FileStream OpenRead(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such file.", path);
        // Never opened: a FIFO would wait for a writer.
        if (FileKinds.RegularFileProblem(path) is { } problem)
            throw new InvalidDataException($"{path}: {problem}.");
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    private static void CheckDataLength(long[] shape, long dataBytes, string path)
    {
        var expected = checked(shape.Aggregate(1L, (a, b) => checked(a * b)) * sizeof(float));
        if (dataBytes < expected)
            throw new InvalidDataException($"{path}: truncated: shape ({string.Join(", ", shape)}) needs {expected} data bytes, found {dataBytes}.");
        if (dataBytes > expected)
            throw new InvalidDataException($"{path}: more data than shape ({string.Join(", ", shape)}) declares.");
    }

    // Leaves the stream at the first data byte.
    private static long[] ReadShape(Stream stream, string path)
    {
        Span<byte> preamble = stackalloc byte[8];
        if (stream.ReadAtLeast(preamble, 8, throwOnEndOfStream: false) < 8 || !preamble[..6].SequenceEqual(NpyFormat.Magic))
            throw new InvalidDataException($"{path}: not a .npy file (missing the \\x93NUMPY magic).");

        int major = preamble[6], minor = preamble[7];
        int lengthBytes = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new InvalidDataException($"{path}: unsupported .npy format version {major}.{minor}."),
        };
        Span<byte> lengthField = stackalloc byte[4];
        if (stream.ReadAtLeast(lengthField[..lengthBytes], lengthBytes, throwOnEndOfStream: false) < lengthBytes)
            throw new InvalidDataException($"{path}: truncated .npy header.");
        long headerLength = lengthBytes == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(lengthField)
            : BinaryPrimitives.ReadUInt32LittleEndian(lengthField);
        if (headerLength > 1 << 20)
            throw new InvalidDataException($"{path}: implausible .npy header length {headerLength}.");

        var headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false) < headerBytes.Length)
            throw new InvalidDataException($"{path}: truncated .npy header.");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        return ParseHeader(header, path);
    }

    private static long[] ParseHeader(string header, string path)
    {
        var descr = DescrPattern().Match(header);
        var order = FortranOrderPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shape.Success)
            throw new InvalidDataException($"{path}: malformed .npy header {header.TrimEnd()}.");

        var dtype = descr.Groups[1].Value;
        if (dtype != NpyFormat.Float32Descr)
            throw new InvalidDataException($"{path}: dtype '{dtype}' is not supported; only little-endian float32 '{NpyFormat.Float32Descr}' is.");
        if (order.Groups[1].Value == "True")
            throw new InvalidDataException($"{path}: Fortran-order arrays are not supported; only C order is.");

        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var result = new long[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            if (!long.TryParse(dims[i], NumberStyles.None, CultureInfo.InvariantCulture, out result[i]))
                throw new InvalidDataException($"{path}: malformed shape ({shape.Groups[1].Value}) in the .npy header.");
        }

        return result;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranOrderPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
