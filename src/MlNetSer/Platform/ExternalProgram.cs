using System.Diagnostics;

namespace MlNetSer.Platform;

/// <summary>How the library starts an external program (ffmpeg, espeak-ng).</summary>
internal static class ExternalProgram
{
    /// <summary>
    /// <paramref name="program"/> with <paramref name="arguments"/> as a list, never through a shell (so file names and
    /// text are passed as they are), with standard output and error redirected and no window.
    /// </summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return start;
    }
}
