using TorchSharp;

namespace MlNetSer.Platform;

/// <summary>
/// Loads TorchSharp's native library up front and, when it cannot load, says why in terms a user can act on.
/// </summary>
/// <remarks>
/// TorchSharp reports every native load failure as a missing <c>libtorch-cpu-linux-x64</c> reference. On Linux
/// systems whose libstdc++ predates GCC 13 (e.g. Debian 12) the real cause is the <c>GLIBCXX_3.4.32</c>
/// requirement of <c>libLibTorchSharp.so</c>, which the MlNetSer build targets mark weak in exe and test outputs.
/// </remarks>
public static class TorchSharpRuntime
{
    private const string NativeLibraryName = "libLibTorchSharp.so";

    /// <summary>Loads TorchSharp's CPU backend.</summary>
    /// <exception cref="InvalidOperationException">It cannot load; the message names the library and the cause
    /// where it is the missing <c>GLIBCXX_3.4.32</c>, and the original error is the inner exception.</exception>
    public static void EnsureLoaded()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            string? explanation = FindNativeLibraries(AppContext.BaseDirectory).Select(ExplainLoadFailure).FirstOrDefault(x => x is not null);
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

    private static IEnumerable<string> FindNativeLibraries(string directory) =>
        new[]
        {
            Path.Combine(directory, "runtimes", "linux-x64", "native", NativeLibraryName),
            Path.Combine(directory, "runtimes", "linux-arm64", "native", NativeLibraryName),
            Path.Combine(directory, NativeLibraryName),
        }.Where(File.Exists);
}
