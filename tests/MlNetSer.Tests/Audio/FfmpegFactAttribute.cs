using MlNetSer.Audio;

namespace MlNetSer.Tests.Audio;

/// <summary>A fact that needs the ffmpeg program (CI installs it); skipped, saying why, where it is missing.</summary>
public sealed class FfmpegFactAttribute : FactAttribute
{
    public FfmpegFactAttribute()
    {
        if (FfmpegLocator.FromEnvironment() is null)
        {
            Skip = "ffmpeg is not installed (apt-get install ffmpeg)";
        }
    }
}
