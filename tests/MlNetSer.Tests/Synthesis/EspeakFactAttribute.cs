using MlNetSer.Synthesis;

namespace MlNetSer.Tests.Synthesis;

/// <summary>A fact that needs the espeak-ng program (CI installs it); skipped, saying why, where it is missing.</summary>
public sealed class EspeakFactAttribute : FactAttribute
{
    public EspeakFactAttribute()
    {
        if (EspeakNg.FromEnvironment() is null)
            Skip = "espeak-ng is not installed (apt-get install espeak-ng)";
    }
}
