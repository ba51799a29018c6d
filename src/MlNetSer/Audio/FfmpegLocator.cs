using MlNetSer.Platform;

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
        var ffmpeg = ExecutableLocator.Locate("ffmpeg", ffmpegOverride, searchPath);
        if (ffmpeg is null)
        {
            return null;
        }

        var besideFfmpeg = Path.Combine(Path.GetDirectoryName(ffmpeg)!, ExecutableLocator.ExecutableName("ffprobe"));
        var ffprobe = File.Exists(besideFfmpeg) ? besideFfmpeg : ExecutableLocator.Search("ffprobe", searchPath);
        return new FfmpegTools(ffmpeg, ffprobe);
    }
}
