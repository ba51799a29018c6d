using System.Diagnostics;

namespace MlNetSer.Tests.TestSupport;

/// <summary>FIFOs and other things that are not regular files, for the tests that must not open them.</summary>
internal static class SpecialFiles
{
    /// <summary>True where named pipes can be made (Unix with the mkfifo program).</summary>
    public static bool CanMakeFifo => !OperatingSystem.IsWindows() && File.Exists("/usr/bin/mkfifo");

    /// <summary>Makes a named pipe at <paramref name="path"/> (nothing ever writes to it) and returns the path.</summary>
    public static string MakeFifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/mkfifo", [path]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"mkfifo {path} failed");
        return path;
    }

    /// <summary>
    /// Runs <paramref name="action"/> on another thread and fails the test (instead of hanging the run) when it has not
    /// returned after a generous minute: the code under test would be blocked opening a FIFO, not slow.
    /// </summary>
    public static T WithoutBlocking<T>(Func<T> action)
    {
        var task = Task.Run(action);
        Assert.True(task.Wait(TimeSpan.FromMinutes(1)), "blocked: something opened a FIFO that nothing writes to");
        return task.Result;
    }
}

/// <summary>A fact that needs <see cref="SpecialFiles.MakeFifo"/>; skipped, saying why, elsewhere.</summary>
public sealed class FifoFactAttribute : FactAttribute
{
    public FifoFactAttribute()
    {
        if (!SpecialFiles.CanMakeFifo)
            Skip = "named pipes need Unix and /usr/bin/mkfifo";
    }
}
