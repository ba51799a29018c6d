using System.Globalization;
using System.Text;

namespace MlNetSer.IO;

/// <summary>
/// The pieces of the NumPy <c>.npy</c> format that <see cref="NpyWriter"/> and <see cref="NpyReader"/>
/// share: magic string, version bytes, header dictionary text and its 64-byte alignment.
/// </summary>
internal static class NpyFormat
{
    /// <summary>The six magic bytes every .npy file starts with: <c>\x93NUMPY</c>.</summary>
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Magic (6) + version (2) + header length (2) in version 1.0.</summary>
    public const int Version1PreambleLength = 10;

    /// <summary>NumPy aligns the start of the data to this many bytes so that it can be memory-mapped.</summary>
    public const int Alignment = 64;

    /// <summary>The only dtype this project reads and writes: little-endian float32.</summary>
    public const string Float32Descr = "<f4";

    /// <summary>The Python literal of the header dictionary, e.g. <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>.</summary>
    public static string HeaderDictionary(IReadOnlyList<long> shape)
    {
        var dims = shape.Count == 1
            ? shape[0].ToString(CultureInfo.InvariantCulture) + ","
            : string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        return $"{{'descr': '{Float32Descr}', 'fortran_order': False, 'shape': ({dims}), }}";
    }

    /// <summary>
    /// The header length (bytes after the 10-byte preamble) that fits <paramref name="itemShape"/> with
    /// any leading dimension up to <see cref="long.MaxValue"/>: the streaming writer reserves it before
    /// it knows the count, then rewrites the same number of bytes.
    /// </summary>
    public static int ReservedHeaderLength(IReadOnlyList<int> itemShape)
    {
        var widest = HeaderDictionary([long.MaxValue, .. itemShape.Select(d => (long)d)]);
        return PaddedHeaderLength(Encoding.ASCII.GetByteCount(widest));
    }

    /// <summary>The smallest header length ≥ <paramref name="dictionaryLength"/> + 1 (for '\n') that aligns the data.</summary>
    public static int PaddedHeaderLength(int dictionaryLength)
    {
        var total = Version1PreambleLength + dictionaryLength + 1;
        var padded = (total + Alignment - 1) / Alignment * Alignment;
        return padded - Version1PreambleLength;
    }

    /// <summary>Preamble plus dictionary padded with spaces to <paramref name="headerLength"/> bytes, ending in '\n'.</summary>
    public static byte[] EncodeHeader(IReadOnlyList<long> shape, int headerLength)
    {
        var dictionary = HeaderDictionary(shape);
        if (dictionary.Length + 1 > headerLength)
            throw new InvalidOperationException($"The .npy header for shape ({string.Join(", ", shape)}) does not fit in {headerLength} bytes.");
        if (headerLength > ushort.MaxValue)
            throw new NotSupportedException($"A .npy v1.0 header is at most {ushort.MaxValue} bytes; this shape needs {headerLength}.");

        var bytes = new byte[Version1PreambleLength + headerLength];
        Magic.CopyTo(bytes);
        bytes[6] = 1; // major version
        bytes[7] = 0; // minor version
        bytes[8] = (byte)(headerLength & 0xFF);
        bytes[9] = (byte)(headerLength >> 8);
        var text = bytes.AsSpan(Version1PreambleLength);
        text.Fill((byte)' ');
        Encoding.ASCII.GetBytes(dictionary, text);
        text[^1] = (byte)'\n';
        return bytes;
    }
}
