using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MlNetSer.Features.Store;

/// <summary>An audio file as the store identifies it: full path, size and last write time.</summary>
internal sealed record SourceStamp(string FullPath, long Length, DateTime LastWriteUtc)
{
    /// <summary>The stamp of <paramref name="fullPath"/> now, or null when it is not there.</summary>
    public static SourceStamp? Read(string fullPath)
    {
        var info = new FileInfo(fullPath);
        return info.Exists ? new SourceStamp(fullPath, info.Length, info.LastWriteTimeUtc) : null;
    }
}

/// <summary>
/// Where an entry lives and what it must have been made from. The file name hashes the audio file's path, the tensor
/// kind, the options that make that kind and the format version, so a changed recording lands on (and replaces) its own
/// old entry while other options get entries of their own; the full key adds size and last write time and is stored in
/// the entry's header, where it must match exactly for the entry to be used.
/// </summary>
internal sealed record SegmentStoreKey(string EntryPath, string Json)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    public static SegmentStoreKey For(string storeDirectory, SourceStamp source, SegmentKind kind, FeatureOptions options)
    {
        var tag = SegmentKinds.FileTag(kind);
        var optionsJson = JsonSerializer.Serialize(SegmentKinds.RelevantOptions(kind, options), JsonOptions);
        var slot = JsonSerializer.Serialize(new { Format = SegmentEntryFormat.Version, Kind = tag, Path = source.FullPath, Options = optionsJson }, JsonOptions);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(slot)))[..32];
        var json = JsonSerializer.Serialize(new
        {
            Format = SegmentEntryFormat.Version,
            Kind = tag,
            Path = source.FullPath,
            Size = source.Length,
            Modified = source.LastWriteUtc.Ticks.ToString(CultureInfo.InvariantCulture),
            Options = optionsJson,
        }, JsonOptions);
        // 256 sub-folders keep every folder small however large the corpus.
        return new SegmentStoreKey(Path.Combine(storeDirectory, hash[..2], $"{hash}.{tag}{SegmentEntryFormat.Extension}"), json);
    }
}
