using System.IO.Compression;
using Microsoft.ML;
using MlNetSer.IO;

namespace MlNetSer.Pipeline;

/// <summary>
/// The trained networks of a saved fused model as ONNX bytes, for code that runs them with ONNX Runtime directly (the
/// scoring benchmark, batch scoring, export to an ONNX server). ML.NET's loaded <c>OnnxTransformer</c> does not hand its
/// model out, but <c>Model.Save</c> stores each one as an ordinary zip entry, which this reads.
/// </summary>
public static class SerModelOnnx
{
    /// <summary>
    /// The ONNX model of every network of <paramref name="model"/>, by network name (<c>1d</c>, <c>2d</c>, <c>3d</c>), read
    /// from the zip at <paramref name="path"/> that <paramref name="model"/> was loaded from.
    /// </summary>
    /// <param name="path">The model zip.</param>
    /// <param name="model">The model loaded from it (e.g. with <see cref="SerModelFile.Load(MLContext, string, out Microsoft.ML.DataViewSchema)"/>): it says where each network sits.</param>
    /// <exception cref="InvalidDataException">The zip lacks a network's ONNX entry or the entry is truncated; the message names it.</exception>
    /// <exception cref="InvalidOperationException">The model holds no MlNetSer network.</exception>
    public static IReadOnlyDictionary<string, byte[]> ReadNetworks(string path, ITransformer model)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        var full = Path.GetFullPath(path);
        var parts = SerModelParts.Split(model);
        using var zip = ZipFile.OpenRead(full);
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var network in parts.Networks)
        {
            var name = SerModelParts.OnnxEntryName(SerModelParts.OnnxPathOf(network));
            var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"{full}: has no entry {name} for network '{network.Name}'.");
            result[network.Name] = ReadByteArray(full, entry);
        }

        return result;
    }

    // ML.NET writes the model as BinaryWriter.WriteByteArray does: a 32-bit length, then the bytes.
    private static byte[] ReadByteArray(string path, ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var reader = new BinaryReader(stream);
        var length = reader.ReadInt32();
        var bytes = reader.ReadBytes(length);
        if (length <= 0 || bytes.Length != length || entry.Length != length + sizeof(int))
            throw new InvalidDataException($"{path}: entry {entry.FullName} is not an ONNX model as ML.NET saves it ({entry.Length} bytes, header says {length}).");
        return bytes;
    }
}
