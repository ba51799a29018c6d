using TorchSharp;

namespace MlNetSer.Platform;

/// <summary>
/// Loads TorchSharp's native library up front and, when it cannot load, says why in terms a user can act on.
/// </summary>
/// <remarks>
/// TorchSharp reports every native load failure as a missing <c>libtorch-cpu-linux-x64</c> reference. That is the cause
/// when the application references no native backend (MlNetSer itself references only the managed TorchSharp package). On Linux
/// systems whose libstdc++ predates GCC 13 (e.g. Debian 12) the real cause is the <c>GLIBCXX_3.4.32</c>
/// requirement of <c>libLibTorchSharp.so</c>, which the MlNetSer build targets mark weak in exe and test outputs.
/// </remarks>
public static class TorchSharpRuntime
{
    private const string NativeLibraryName = "libLibTorchSharp.so";

    /// <summary>Loads TorchSharp's CPU backend.</summary>
    /// <exception cref="InvalidOperationException">It cannot load; the message names the cause where it is a missing native
    /// backend package or the missing <c>GLIBCXX_3.4.32</c>, and the original error is the inner exception.</exception>
    public static void EnsureLoaded()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            string? explanation = ExplainMissingBackend(AppContext.BaseDirectory)
                                  ?? FindNativeLibraries(AppContext.BaseDirectory).Select(ExplainLoadFailure).FirstOrDefault(x => x is not null);
            throw new InvalidOperationException(
                explanation ?? $"TorchSharp's native library could not be loaded: {(e.InnerException ?? e).Message}", e);
        }
    }

    /// <summary>
    /// Explains why the dynamic loader refuses <paramref name="libraryPath"/> on this system, if the cause is a
    /// hard requirement on a libstdc++ symbol version that the system libstdc++ lacks.
    /// </summary>
    /// <param name="libraryPath">A copy of <c>libLibTorchSharp.so</c>.</param>
    /// <returns>The explanation, or <see langword="null"/> when that is not the problem (including on non-Linux systems).</returns>
    /// <exception cref="InvalidDataException">The file is not a readable ELF64 library; the message names it.</exception>
    public static string? ExplainLoadFailure(string libraryPath)
    {
        ArgumentNullException.ThrowIfNull(libraryPath);
        if (!OperatingSystem.IsLinux())
            return null;
        string? libStdCxx = SystemLibStdCxx.Locate();
        ElfVersionNeed? missing = ElfVersionNeeds.Read(libraryPath)
            .FirstOrDefault(need => need.Library.StartsWith("libstdc++", StringComparison.Ordinal) && !need.IsWeak &&
                                    !SystemLibStdCxx.Provides(need.Version));
        if (missing is null)
            return null;
        return $"{libraryPath} requires {missing.Version} from {missing.Library}, which the system's " +
               $"{libStdCxx ?? "libstdc++ (none found)"} does not provide, so TorchSharp cannot load. Build the " +
               "application with the MlNetSer package or repository targets (they mark that requirement weak in the " +
               "output copy), or install a libstdc++ from GCC 13 or later.";
    }

    /// <summary>
    /// Explains that an application folder holds no libtorch at all: MlNetSer references only the managed TorchSharp
    /// package, and the application picks the native backend (docs/gpu.md).
    /// </summary>
    /// <param name="directory">The application's folder (a build or publish output).</param>
    /// <returns>The explanation, or <see langword="null"/> when a CPU or CUDA libtorch is there (in the folder or under <c>runtimes/*/native</c>).</returns>
    public static string? ExplainMissingBackend(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var folders = new List<string> { directory };
        var runtimes = Path.Combine(directory, "runtimes");
        if (Directory.Exists(runtimes))
            folders.AddRange(Directory.EnumerateDirectories(runtimes).Select(rid => Path.Combine(rid, "native")).Where(Directory.Exists));
        // libtorch_cpu is in the CPU and the CUDA builds alike (Linux, macOS: libtorch_cpu.so/.dylib; Windows: torch_cpu.dll).
        var hasLibtorch = folders.Any(folder => Directory.EnumerateFiles(folder, "*torch_cpu.*").Any());
        return hasLibtorch
            ? null
            : $"No libtorch in {directory}: MlNetSer references only the managed TorchSharp package, and the application picks the native "
              + "backend. Reference libtorch-cpu 2.10.0 (or TorchSharp-cpu 0.107.0) for the CPU, or libtorch-cuda-12.8-linux-x64 / "
              + "libtorch-cuda-12.8-win-x64 2.10.0 for CUDA (docs/gpu.md).";
    }

    private static IEnumerable<string> FindNativeLibraries(string directory) =>
        new[]
        {
            Path.Combine(directory, "runtimes", "linux-x64", "native", NativeLibraryName),
            Path.Combine(directory, "runtimes", "linux-arm64", "native", NativeLibraryName),
            Path.Combine(directory, NativeLibraryName),
        }.Where(File.Exists);
}
