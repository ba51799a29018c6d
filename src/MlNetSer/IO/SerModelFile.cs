using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.ML;

namespace MlNetSer.IO;

/// <summary>
/// Saves and loads MlNetSer model zips with a checksum of every part. ML.NET's public API cannot add state to a model
/// zip, but the zip is an ordinary zip file: after ML.NET has written it, <see cref="Save"/> adds the entry
/// <see cref="ChecksumEntryName"/> holding the SHA-256 of every other entry (the ONNX networks, the carried options,
/// the fusion weights, the schema), and ML.NET's loader ignores an entry it does not know. <see cref="Load(Microsoft.ML.MLContext, string, out Microsoft.ML.DataViewSchema)"/> checks
/// them first and names the part that does not match, so a model whose weights were altered (by a disk error, a bad
/// copy or on purpose) fails instead of scoring quietly wrong.
/// </summary>
/// <remarks>
/// A zip without the entry (saved by plain <c>mlContext.Model.Save</c>, or before checksums existed) still loads,
/// unchecked: <see cref="Verify"/> says <see cref="ModelChecksumStatus.NotRecorded"/>.
/// </remarks>
public static class SerModelFile
{
    /// <summary>The zip entry that holds the checksums.</summary>
    public const string ChecksumEntryName = "MlNetSer/checksums.json";

    /// <summary>The value of the document's <c>format</c> member.</summary>
    public const string ChecksumFormat = "mlnetser-model-checksums/1";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// Saves <paramref name="model"/> like <c>mlContext.Model.Save</c>, adds the checksums, and renames the result over
    /// <paramref name="path"/> (so an interrupted save never leaves a half-written zip).
    /// </summary>
    public static void Save(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, temporary =>
        {
            mlContext.Model.Save(model, inputSchema, temporary);
            AddChecksums(temporary);
        });
    }

    /// <summary>Adds (or replaces) the checksum entry of the zip at <paramref name="path"/>.</summary>
    public static void AddChecksums(string path)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        zip.GetEntry(ChecksumEntryName)?.Delete();
        var document = new ChecksumDocument(ChecksumFormat, "SHA-256",
            zip.Entries.Where(e => !IsDirectory(e)).OrderBy(e => e.FullName, StringComparer.Ordinal).ToDictionary(e => e.FullName, Hash, StringComparer.Ordinal));
        var entry = zip.CreateEntry(ChecksumEntryName, CompressionLevel.Optimal);
        using var stream = entry.Open();
        JsonSerializer.Serialize(stream, document, Json);
    }

    /// <summary>Checks the zip at <paramref name="path"/> against its checksums without loading it.</summary>
    /// <returns>Whether the checksums were there (and matched).</returns>
    /// <exception cref="InvalidDataException">Not a regular file, not a zip, an unreadable checksum entry, or a part that does not match; the message names the file and the part.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static ModelChecksumStatus Verify(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        switch (FileKinds.Of(full))
        {
            case FileKind.Regular:
                break;
            case FileKind.Missing:
                throw new FileNotFoundException($"{full}: no such model file.", full);
            case FileKind.Directory:
                throw new InvalidDataException($"{full}: is a folder, not a model zip.");
            case var kind:
                throw new InvalidDataException($"{full}: is {FileKinds.Describe(kind)}, not a model zip.");
        }

        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(full);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{full}: not a model zip ({e.Message.TrimEnd('.')}).", e);
        }

        using (zip)
        {
            var checksums = zip.GetEntry(ChecksumEntryName);
            if (checksums is null)
                return ModelChecksumStatus.NotRecorded;
            var expected = ReadDocument(full, checksums);
            var present = zip.Entries.Where(e => !IsDirectory(e) && e.FullName != ChecksumEntryName).ToDictionary(e => e.FullName, StringComparer.Ordinal);
            foreach (var (name, hash) in expected.Entries.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (!present.TryGetValue(name, out var entry))
                    throw Mismatch(full, name, "is missing");
                string actual;
                try
                {
                    actual = Hash(entry);
                }
                catch (InvalidDataException)
                {
                    throw Mismatch(full, name, "cannot be read (its compressed data is corrupt)");
                }

                if (!string.Equals(actual, hash, StringComparison.OrdinalIgnoreCase))
                    throw Mismatch(full, name, "does not match the checksum saved with it (altered after saving)");
            }

            if (present.Keys.FirstOrDefault(n => !expected.Entries.ContainsKey(n)) is { } added)
                throw Mismatch(full, added, "was added after saving");
            return ModelChecksumStatus.Verified;
        }
    }

    /// <summary>
    /// Checks the zip (<see cref="Verify"/>) and loads it with <c>mlContext.Model.Load</c>. When ML.NET cannot load it,
    /// the error names the file and the innermost cause, and the temporary folder ML.NET made for it is removed.
    /// Unless <paramref name="mlContext"/> names its own <see cref="MLContext.TempFilePath"/>, the files ML.NET unpacks
    /// for the model (each ONNX part, as large as the network) go to <see cref="SerTemporaryFiles.ProcessFolder"/>,
    /// removed when the process exits even if the model is never disposed.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a usable model zip, or a part does not match its checksum.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema)
        => Load(mlContext, path, out inputSchema, out _);

    /// <summary>Like <see cref="Load(MLContext, string, out DataViewSchema)"/>, also telling whether checksums were checked.</summary>
    public static ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema, out ModelChecksumStatus status)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        status = Verify(path);
        var full = Path.GetFullPath(path);
        var userTemp = mlContext.TempFilePath;
        var temp = IsSystemTempPath(userTemp) ? SerTemporaryFiles.ProcessFolder : userTemp;
        var before = MlNetTemporaryFolders(temp);
        try
        {
            mlContext.TempFilePath = temp;
            return mlContext.Model.Load(full, out inputSchema);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            RemoveNewEmptyFolders(temp, before);
            throw new InvalidDataException($"{full}: ML.NET cannot load the model: {InnermostMessage(e)}", e);
        }
        finally
        {
            mlContext.TempFilePath = userTemp;
        }
    }

    private static bool IsSystemTempPath(string? path)
        => string.IsNullOrEmpty(path)
           || Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.GetTempPath()));

    // ML.NET wraps the real cause ("Error during class instantiation") in layers of reflection and format exceptions.
    private static string InnermostMessage(Exception exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is not System.Reflection.TargetInvocationException && e.Message.Length > 0)
                messages.Add(e.Message.Split('\n')[0].Trim());
        }

        var innermost = messages.LastOrDefault() ?? exception.GetType().Name;
        var outer = messages.FirstOrDefault();
        return outer is not null && outer != innermost && !outer.StartsWith("Error during class instantiation", StringComparison.Ordinal)
            ? $"{outer}: {innermost}"
            : innermost;
    }

    private static HashSet<string> MlNetTemporaryFolders(string temp)
    {
        try
        {
            return [.. Directory.EnumerateDirectories(temp, "ml_dotnet_*")];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static void RemoveNewEmptyFolders(string temp, HashSet<string> before)
    {
        foreach (var folder in MlNetTemporaryFolders(temp).Where(f => !before.Contains(f)))
        {
            try
            {
                if (!Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Any(File.Exists))
                    Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Only an empty folder left in the temp folder.
            }
        }
    }

    private static ChecksumDocument ReadDocument(string path, ZipArchiveEntry entry)
    {
        try
        {
            using var stream = entry.Open();
            var document = JsonSerializer.Deserialize<ChecksumDocument>(stream, Json);
            if (document is null || document.Format != ChecksumFormat || document.Entries is null)
                throw new JsonException($"expected format {ChecksumFormat}");
            return document;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: its checksum entry {ChecksumEntryName} cannot be read ({e.Message}).", e);
        }
    }

    private static InvalidDataException Mismatch(string path, string entry, string problem)
        => new($"{path}: the model's part '{entry}' ({Describe(entry)}) {problem}; the model cannot be trusted. Save or copy it again.");

    // ML.NET names parts after the transformer that wrote them; these are the ones a user can place.
    private static string Describe(string entry)
    {
        var name = entry.ToLowerInvariant();
        if (name.Contains("onnx", StringComparison.Ordinal))
            return "an embedded ONNX network";
        if (name.Contains("schema", StringComparison.Ordinal))
            return "the input schema";
        if (name.Contains("version", StringComparison.Ordinal))
            return "ML.NET's version stamp";
        return "model state: options, weights or a transform";
    }

    private static bool IsDirectory(ZipArchiveEntry entry) => entry.FullName.EndsWith('/');

    private static string Hash(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private sealed record ChecksumDocument(string Format, string Algorithm, Dictionary<string, string> Entries);
}

/// <summary>What <see cref="SerModelFile.Verify"/> found.</summary>
public enum ModelChecksumStatus
{
    /// <summary>The zip holds checksums and every part matches them.</summary>
    Verified,

    /// <summary>The zip holds no checksums (saved by plain <c>mlContext.Model.Save</c>): nothing was checked.</summary>
    NotRecorded,
}
