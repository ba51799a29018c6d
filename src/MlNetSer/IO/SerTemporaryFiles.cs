using System.Security.Cryptography;

namespace MlNetSer.IO;

/// <summary>
/// This process's own folder in the system's temporary folder (<c>mlnetser-process-*</c>), for the files ML.NET needs on
/// disk while a model lives: the ONNX graphs MlNetSer's transforms score and, for models loaded with
/// <see cref="SerModelFile.Load(Microsoft.ML.MLContext, string, out Microsoft.ML.DataViewSchema)"/>, the ONNX parts
/// ML.NET unpacks from the zip. The folder is removed when the process exits; one left behind by a process that was
/// killed is removed by the next MlNetSer process that makes its own.
/// </summary>
/// <remarks>
/// ML.NET's <c>ApplyOnnxModel</c> with a stream copies the graph into a temporary file that nothing ever deletes, and
/// a loaded model's ONNX files are deleted only when the model is disposed; a network's graph is hundreds of MB, so a
/// long training session or a test suite filled the disk. Graphs are stored under their SHA-256, so fitting or
/// checking the schema of the same graph again writes nothing. A folder's owner holds an exclusive lock on its
/// <c>.owner</c> file (on Linux and macOS an advisory lock that .NET takes for <see cref="FileShare.None"/>); a folder
/// whose lock can be taken belongs to no live process.
/// </remarks>
public static class SerTemporaryFiles
{
    private const string Prefix = "mlnetser-process-";
    private const string OwnerFile = ".owner";
    private static readonly Lazy<string> Folder = new(CreateProcessFolder, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>This process's folder (made on first use; removed at exit).</summary>
    public static string ProcessFolder => Folder.Value;

    /// <summary>The file holding <paramref name="onnx"/> in <see cref="ProcessFolder"/>, written once per distinct graph.</summary>
    /// <exception cref="IOException">The graph cannot be written (for example, the disk is full): nothing half-written is left.</exception>
    internal static string OnnxFile(byte[] onnx)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        var path = Path.Combine(ProcessFolder, Convert.ToHexString(SHA256.HashData(onnx)) + ".onnx");
        if (File.Exists(path))
            return path;

        // Written aside and renamed, so a full disk never leaves a truncated graph under the final name.
        var partial = path + "." + Guid.NewGuid().ToString("N") + ".partial";
        try
        {
            File.WriteAllBytes(partial, onnx);
            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        return path;
    }

    private static string CreateProcessFolder()
    {
        var root = Path.GetTempPath();
        RemoveAbandonedFolders(root);
        var folder = Path.Combine(root, $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        // Held open (by the exit handler) for the process's lifetime: the lock says the folder is in use.
        var owner = new FileStream(Path.Combine(folder, OwnerFile), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            owner.Dispose();
            Remove(folder);
        };
        return folder;
    }

    /// <summary>Removes the <c>mlnetser-process-*</c> folders in <paramref name="root"/> that no live process owns.</summary>
    internal static void RemoveAbandonedFolders(string root)
    {
        string[] folders;
        try
        {
            folders = Directory.GetDirectories(root, Prefix + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var folder in folders)
        {
            if (IsAbandoned(folder))
                Remove(folder);
        }
    }

    private static bool IsAbandoned(string folder)
    {
        var owner = Path.Combine(folder, OwnerFile);
        try
        {
            // A folder without its owner file is either being made right now or was left between its two steps.
            if (!File.Exists(owner))
                return Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddHours(-1);
            using var probe = new FileStream(owner, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void Remove(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still open elsewhere (Windows) keeps the folder, or another process removes it at the same time;
            // either way the next process tries again.
        }
    }
}
