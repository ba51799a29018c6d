namespace MlNetSer.Audio;

/// <summary>Where the ffmpeg and ffprobe programs are.</summary>
/// <param name="Ffmpeg">Full path of ffmpeg.</param>
/// <param name="Ffprobe">Full path of ffprobe, or null when it is not beside ffmpeg or on the search path.</param>
internal sealed record FfmpegTools(string Ffmpeg, string? Ffprobe);

/// <summary>
/// Finds ffmpeg: the path in the <c>MLNETSER_FFMPEG</c> environment variable when it is set, otherwise
/// the first <c>ffmpeg</c> on <c>PATH</c>. ffprobe is looked for beside ffmpeg first (both ship together),
/// then on <c>PATH</c>.
/// </summary>
internal static class FfmpegLocator
{
    /// <summary>Environment variable naming the ffmpeg executable to use instead of the one on PATH.</summary>
    public const string EnvironmentVariable = "MLNETSER_FFMPEG";

    /// <summary>The tools from this process's environment, or null when ffmpeg is not installed.</summary>
    public static FfmpegTools? FromEnvironment()
        => Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), Environment.GetEnvironmentVariable("PATH"));

    /// <summary>
    /// The tools for an explicit ffmpeg path (<paramref name="ffmpegOverride"/>, used as is when set) or a
    /// search path (<paramref name="searchPath"/>, directories separated by the platform's separator).
    /// </summary>
    public static FfmpegTools? Locate(string? ffmpegOverride, string? searchPath)
    {
        string? ffmpeg;
        if (!string.IsNullOrWhiteSpace(ffmpegOverride))
        {
            ffmpeg = File.Exists(ffmpegOverride) ? Path.GetFullPath(ffmpegOverride) : null;
        }
        else
        {
            ffmpeg = Search("ffmpeg", searchPath);
        }

        if (ffmpeg is null)
        {
            return null;
        }

        var besideFfmpeg = Path.Combine(Path.GetDirectoryName(ffmpeg)!, ExecutableName("ffprobe"));
        var ffprobe = File.Exists(besideFfmpeg) ? besideFfmpeg : Search("ffprobe", searchPath);
        return new FfmpegTools(ffmpeg, ffprobe);
    }

    private static string? Search(string program, string? searchPath)
    {
        if (string.IsNullOrEmpty(searchPath))
        {
            return null;
        }

        var name = ExecutableName(program);
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory.Trim('"'), name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string ExecutableName(string program) => OperatingSystem.IsWindows() ? program + ".exe" : program;
}
