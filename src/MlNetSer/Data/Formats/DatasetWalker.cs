using MlNetSer.IO;

namespace MlNetSer.Data.Formats;

/// <summary>
/// Lists the files under a dataset folder without being led astray by the file system: links to folders are not
/// followed (a link to <c>..</c> would list the corpus again and again), a file reached twice through links is listed
/// once, and FIFOs, sockets and devices are reported without being opened (opening a FIFO waits for a writer).
/// </summary>
internal static class DatasetWalker
{
    /// <summary>The macOS archive folder, passed over like hidden files.</summary>
    public const string MacArchiveFolder = "__MACOSX";

    /// <summary>Walks <paramref name="root"/>; files whose extension is in <paramref name="audioExtensions"/> that cannot be listed become problems.</summary>
    /// <returns>The regular files in ordinal path order, and what was passed over (line 0, naming the path).</returns>
    public static (List<DatasetFile> Files, List<ManifestProblem> PassedOver) Walk(string root, IReadOnlySet<string> audioExtensions)
    {
        var found = new List<(DatasetFile File, string Target, bool IsLink)>();
        var passedOver = new List<ManifestProblem>();
        var enumeration = new EnumerationOptions { AttributesToSkip = FileAttributes.Hidden | FileAttributes.System, IgnoreInaccessible = true };
        var folders = new Stack<string>();
        folders.Push(root);
        while (folders.Count > 0)
        {
            foreach (var entry in new DirectoryInfo(folders.Pop()).EnumerateFileSystemInfos("*", enumeration))
            {
                var isLink = entry.LinkTarget is not null;
                var kind = FileKinds.Of(entry.FullName);
                if (kind == FileKind.Directory)
                {
                    if (isLink)
                        passedOver.Add(new ManifestProblem(entry.FullName, 0, "is a link to a folder; links to folders are not followed"));
                    else if (entry.Name != MacArchiveFolder)
                        folders.Push(entry.FullName);
                    continue;
                }

                var extension = Path.GetExtension(entry.Name).ToLowerInvariant();
                if (kind != FileKind.Regular)
                {
                    // Only a would-be audio file is worth a report; anything else is not read either way.
                    if (audioExtensions.Contains(extension))
                    {
                        passedOver.Add(new ManifestProblem(entry.FullName, 0, kind == FileKind.Missing
                            ? "is a link to nothing (its target is missing)"
                            : $"is {FileKinds.Describe(kind)}, not a regular file; only regular files are read"));
                    }

                    continue;
                }

                var file = new DatasetFile(entry.FullName, FoldersBetween(root, entry.FullName), Path.GetFileNameWithoutExtension(entry.Name), extension);
                var target = isLink ? File.ResolveLinkTarget(entry.FullName, returnFinalTarget: true)?.FullName ?? entry.FullName : entry.FullName;
                found.Add((file, target, isLink));
            }
        }

        return (Deduplicate(found, passedOver), passedOver);
    }

    private static string[] FoldersBetween(string root, string file)
        => Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[..^1];

    // One listing per real file: the file itself rather than a link to it, else the first link in path order.
    private static List<DatasetFile> Deduplicate(List<(DatasetFile File, string Target, bool IsLink)> found, List<ManifestProblem> passedOver)
    {
        var files = new List<DatasetFile>();
        foreach (var group in found.GroupBy(f => f.Target, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(f => f.IsLink).ThenBy(f => f.File.Path, StringComparer.Ordinal).ToArray();
            files.Add(ordered[0].File);
            foreach (var again in ordered.Skip(1))
                passedOver.Add(new ManifestProblem(again.File.Path, 0, $"is the same file as {ordered[0].File.Path} (through a link); a file is listed once"));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }
}
