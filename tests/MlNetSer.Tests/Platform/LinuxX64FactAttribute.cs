using System.Runtime.InteropServices;

namespace MlNetSer.Tests.Platform;

/// <summary>A fact about the linux-x64 native TorchSharp library; skipped (and reported so) elsewhere.</summary>
public sealed class LinuxX64FactAttribute : FactAttribute
{
    public LinuxX64FactAttribute()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
            Skip = "Only linux-x64 outputs carry the patched libLibTorchSharp.so.";
    }
}
