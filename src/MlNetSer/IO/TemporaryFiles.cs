using System.Collections.Concurrent;

namespace MlNetSer.IO;

/// <summary>
/// The temporary files this process is writing right now (<see cref="NpyWriter"/>'s <c>.tmp</c>, <see cref="AtomicFile"/>'s),
/// so that a program stopped by Ctrl-C or SIGTERM can delete them before it exits (<see cref="DeleteAll"/>) instead of
/// leaving gigabytes of partial tensors behind.
/// </summary>
public static class TemporaryFiles
{
    private static readonly ConcurrentDictionary<string, byte> s_files = new(StringComparer.Ordinal);

    /// <summary>The files registered now (absolute paths).</summary>
    public static IReadOnlyCollection<string> Current => [.. s_files.Keys];

    /// <summary>Registers <paramref name="path"/> as being written.</summary>
    public static void Remember(string path) => s_files.TryAdd(Path.GetFullPath(path), 0);

    /// <summary>Unregisters <paramref name="path"/> (it was renamed into place or deleted).</summary>
    public static void Forget(string path) => s_files.TryRemove(Path.GetFullPath(path), out _);

    /// <summary>
    /// Deletes every registered file, best effort (a writer still running gets an error, which no longer matters:
    /// the process is about to exit). Returns how many were deleted.
    /// </summary>
    public static int DeleteAll()
    {
        var deleted = 0;
        foreach (var path in s_files.Keys)
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                    deleted++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing better to do on the way out.
            }

            s_files.TryRemove(path, out _);
        }

        return deleted;
    }
}
