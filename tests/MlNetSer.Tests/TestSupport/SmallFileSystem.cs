using System.Diagnostics;

namespace MlNetSer.Tests.TestSupport;

/// <summary>
/// A tmpfs of a few megabytes mounted on a fresh folder (needs root and mount rights, as in CI's container), so that a
/// test can fill a disk for real; unmounted on dispose.
/// </summary>
internal sealed class SmallFileSystem : IDisposable
{
    private static readonly Lazy<bool> s_available = new(() =>
    {
        if (OperatingSystem.IsWindows() || Environment.UserName != "root" || !File.Exists("/bin/mount") && !File.Exists("/usr/bin/mount"))
            return false;
        try
        {
            using var probe = new SmallFileSystem(1);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    });

    private readonly TempDirectory _folder = new();

    public SmallFileSystem(int megabytes)
    {
        Path = _folder.File("fs");
        Directory.CreateDirectory(Path);
        if (Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", Path) != 0)
        {
            _folder.Dispose();
            throw new InvalidOperationException("mount -t tmpfs failed");
        }
    }

    /// <summary>True where a tmpfs can be mounted here.</summary>
    public static bool Available => s_available.Value;

    /// <summary>The mounted folder.</summary>
    public string Path { get; }

    public void Dispose()
    {
        Run("umount", Path);
        _folder.Dispose();
    }

    private static int Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }
}

/// <summary>A fact that mounts a <see cref="SmallFileSystem"/>; skipped, saying why, where that is not allowed.</summary>
public sealed class SmallFileSystemFactAttribute : FactAttribute
{
    public SmallFileSystemFactAttribute()
    {
        if (!SmallFileSystem.Available)
            Skip = "needs root and the right to mount a tmpfs";
    }
}
