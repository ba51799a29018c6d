using MlNetSer.Audio;

namespace MlNetSer.Data;

/// <summary>
/// Checks, before a run starts, that every row of a manifest names a regular file that decodes to its end, so that one
/// empty, truncated or undecodable file (or a FIFO, a device, a folder) is reported and left out instead of aborting a
/// training run, an evaluation or an experiment halfway.
/// </summary>
public static class ManifestAudioCheck
{
    /// <summary>
    /// Decodes the file of every entry (<see cref="AudioReader.Verify"/>, several at a time) and returns the manifest with
    /// the entries that fail moved to <see cref="SerManifest.Problems"/>, each once, naming its line, file and problem.
    /// </summary>
    /// <param name="manifest">The manifest as read.</param>
    /// <param name="threads">Files decoded at once; 0 for one per core.</param>
    public static SerManifest Apply(SerManifest manifest, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        var entries = manifest.Entries;
        var problems = new string?[entries.Count];
        Parallel.For(0, entries.Count, new ParallelOptions { MaxDegreeOfParallelism = threads == 0 ? Environment.ProcessorCount : threads },
            i => problems[i] = Problem(entries[i].Path));
        if (problems.All(p => p is null))
            return manifest;

        var bad = entries.Select((e, i) => (Entry: e, Problem: problems[i])).Where(p => p.Problem is not null)
            .Select(p => new ManifestProblem(manifest.File, p.Entry.Line, $"{p.Entry.Path}: {p.Problem}"));
        return manifest with
        {
            Entries = entries.Where((_, i) => problems[i] is null).ToArray(),
            Problems = [.. manifest.Problems.Concat(bad).OrderBy(p => p.Line)],
        };
    }

    private static string? Problem(string path)
    {
        try
        {
            AudioReader.Verify(path);
            return null;
        }
        catch (AudioDecodingException ex)
        {
            return ex.Problem;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read: {ex.Message}";
        }
    }
}
