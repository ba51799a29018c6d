namespace MlNetSer.IO;

/// <summary>
/// Writes a file so that readers see either the old complete file or the new complete one: the content
/// goes to a temporary file in the same folder, which is then renamed over the destination. An
/// interrupted run never leaves a half-written file under the final name.
/// </summary>
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
        Directory.CreateDirectory(directory);
        // Hidden, per process and per call, so concurrent writers never share a temporary file.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            writeTemporary(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text)
        => Write(path, temporary => File.WriteAllText(temporary, text, new System.Text.UTF8Encoding(false)));

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
        => Write(path, temporary => File.WriteAllBytes(temporary, bytes));
}
