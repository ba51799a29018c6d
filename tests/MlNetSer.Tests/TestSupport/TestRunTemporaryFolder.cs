using System.Runtime.CompilerServices;
using MlNetSer.IO;

namespace MlNetSer.Tests.TestSupport;

/// <summary>
/// Points the test process's temporary folder (TMPDIR, which <see cref="Path.GetTempPath"/> reads) into its own
/// <see cref="SerTemporaryFiles.ProcessFolder"/>, so whatever a test or a CLI process it starts leaves behind (segment
/// caches, ML.NET's files, a test killed half-way) goes when the run ends, or with the next run if this one is killed.
/// </summary>
internal static class TestRunTemporaryFolder
{
    [ModuleInitializer]
    internal static void Use()
    {
        if (!OperatingSystem.IsWindows())
            Environment.SetEnvironmentVariable("TMPDIR", SerTemporaryFiles.ProcessFolder);
    }
}
