using System.Diagnostics;
using System.Globalization;

namespace MlNetSer.IO;

/// <summary>
/// Writes a file so that readers see either the old complete file or the new complete one: the content
/// goes to a temporary file in the same folder, which is then renamed over the destination. An
/// interrupted run never leaves a half-written file under the final name.
/// </summary>
/// <remarks>
/// The temporary file is <c>.&lt;name&gt;.&lt;pid&gt;.&lt;guid&gt;.tmp</c> beside the destination: hidden, per process and per
/// call. It is registered with <see cref="TemporaryFiles"/> while it is written (so Ctrl-C can delete it), and one left by
/// a process that no longer runs (killed with SIGKILL, a power cut) is deleted by the next write to the same destination.
/// </remarks>
public static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="writeTemporary"/> with a temporary path beside <paramref name="path"/> and, when
    /// it returns, renames that file to <paramref name="path"/> (creating the folder when missing). The
    /// temporary file is deleted when writing fails.
    /// </summary>
    public static void Write(string path, Action<string> writeTemporary)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(writeTemporary);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw FileErrors.CannotWrite(full, e);
        }

        RemoveStaleTemporaries(full);
        var temporary = TemporaryPath(full, Environment.ProcessId);
        TemporaryFiles.Remember(temporary);
        try
        {
            writeTemporary(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e.Message.Contains(temporary, StringComparison.Ordinal) || e is UnauthorizedAccessException)
        {
            // The error names the hidden temporary file; the user named the destination.
            throw FileErrors.CannotWrite(full, e);
        }
        finally
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort; never hides the writer's own exception. A leftover is removed by the next write.
            }

            TemporaryFiles.Forget(temporary);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text)
        => Write(path, temporary => File.WriteAllText(temporary, text, new System.Text.UTF8Encoding(false)));

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
        => Write(path, temporary => File.WriteAllBytes(temporary, bytes));

    /// <summary>The temporary file process <paramref name="processId"/> writes <paramref name="path"/> through.</summary>
    internal static string TemporaryPath(string path, int processId)
        => Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{processId}.{Guid.NewGuid():N}.tmp");

    /// <summary>Deletes the temporary files of <paramref name="path"/> left by processes that no longer run; returns how many.</summary>
    public static int RemoveStaleTemporaries(string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
            return 0;
        var name = Path.GetFileName(full);
        var removed = 0;
        foreach (var temporary in Directory.EnumerateFiles(directory, $".{name}.*.tmp", new EnumerationOptions { AttributesToSkip = 0, MatchCasing = MatchCasing.CaseSensitive }))
        {
            if (IsLeftover(temporary, out var destination) && destination == name && TryDelete(temporary))
                removed++;
        }

        return removed;
    }

    /// <summary>
    /// Whether <paramref name="temporaryPath"/> is a temporary file of <see cref="TemporaryPath"/>'s form whose writing process
    /// no longer runs (a leftover of a killed run), and if so the file name it was to become.
    /// </summary>
    internal static bool IsLeftover(string temporaryPath, out string destinationName)
    {
        destinationName = "";
        // .<name>.<pid>.<32 hex digits>.tmp
        var fileName = Path.GetFileName(temporaryPath);
        if (!fileName.StartsWith('.') || !fileName.EndsWith(".tmp", StringComparison.Ordinal))
            return false;
        var parts = fileName[1..^".tmp".Length].Split('.');
        if (parts.Length < 3 || parts[^1].Length != 32
            || !int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || pid == Environment.ProcessId || IsRunning(pid))
            return false;
        destinationName = string.Join('.', parts[..^2]);
        return true;
    }

    /// <summary>Deletes <paramref name="path"/>; false when it cannot be (harmless: only wasted space).</summary>
    internal static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
