using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MlNetSer.Training;

/// <summary>
/// The header of a float32 C-order <c>.npy</c> file: its shape and where the data begin, so the data can
/// be memory-mapped in place. (Minimal on purpose; a general reader lives in <c>MlNetSer.IO</c> on
/// another branch and does not expose the data offset.)
/// </summary>
internal sealed partial record NpySegmentFile(string Path, long[] Shape, long DataOffset)
{
    public static NpySegmentFile Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such file.", path);
        using var stream = File.OpenRead(path);
        Span<byte> preamble = stackalloc byte[12];
        var read = stream.ReadAtLeast(preamble, 10, throwOnEndOfStream: false);
        if (read < 10 || preamble[0] != 0x93 || !preamble[1..6].SequenceEqual("NUMPY"u8))
            throw new InvalidDataException($"{path}: not a .npy file (missing the \\x93NUMPY magic).");
        int major = preamble[6];
        long headerLength;
        int prefix;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..10]);
                prefix = 10;
                break;
            case 2 or 3 when read >= 12:
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..12]);
                prefix = 12;
                break;
            default:
                throw new InvalidDataException($"{path}: unsupported .npy format version {major}.{preamble[7]}.");
        }

        if (headerLength > 1 << 20)
            throw new InvalidDataException($"{path}: implausible .npy header length {headerLength}.");
        var header = new byte[headerLength];
        stream.Position = prefix;
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            throw new InvalidDataException($"{path}: truncated .npy header.");
        var text = Encoding.Latin1.GetString(header);

        var descr = DescrPattern().Match(text);
        if (!descr.Success || descr.Groups[1].Value is not ("<f4" or "|f4" or "=f4"))
            throw new InvalidDataException($"{path}: expected little-endian float32 data ('<f4'), header says {(descr.Success ? descr.Groups[1].Value : "nothing")}.");
        if (FortranPattern().Match(text) is { Success: true } fortran && fortran.Groups[1].Value == "True")
            throw new InvalidDataException($"{path}: Fortran-order arrays are not supported; save it in C order.");
        var shapeMatch = ShapePattern().Match(text);
        if (!shapeMatch.Success)
            throw new InvalidDataException($"{path}: .npy header has no shape.");
        var shape = shapeMatch.Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.Parse(d, CultureInfo.InvariantCulture))
            .ToArray();

        var dataOffset = prefix + headerLength;
        var expected = shape.Aggregate(1L, (a, b) => checked(a * b)) * sizeof(float);
        if (stream.Length - dataOffset != expected)
            throw new InvalidDataException(
                $"{path}: shape ({string.Join(", ", shape)}) needs {expected} data bytes but the file has {stream.Length - dataOffset}.");
        return new NpySegmentFile(path, shape, dataOffset);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
