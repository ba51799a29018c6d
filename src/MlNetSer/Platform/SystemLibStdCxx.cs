using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace MlNetSer.Platform;

/// <summary>
/// Finds the system's C++ runtime (<c>libstdc++.so.6</c>) on Linux and tells which symbol versions it provides,
/// the same way the build's TorchSharp load fix decides whether it is needed.
/// </summary>
public static class SystemLibStdCxx
{
    // The system library does not change while the process runs: look it up and read it once.
    private static readonly Lazy<string?> LocatedPath = new(LocateUncached);
    private static readonly Lazy<byte[]> Image = new(() => LocatedPath.Value is { } path ? File.ReadAllBytes(path) : []);

    /// <summary>The version that TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> requires beyond Debian 12's libstdc++.</summary>
    public const string TorchSharpRequiredVersion = "GLIBCXX_3.4.32";

    /// <summary>
    /// The path of the <c>libstdc++.so.6</c> the dynamic loader would use for this process's architecture: the
    /// loader cache (<c>ldconfig -p</c>) first, then the usual library folders (Debian multiarch, <c>/lib64</c>).
    /// </summary>
    /// <returns>The path, or <see langword="null"/> when not on Linux or none is found.</returns>
    public static string? Locate() => LocatedPath.Value;

    private static string? LocateUncached()
    {
        if (!OperatingSystem.IsLinux())
            return null;
        bool arm64 = RuntimeInformation.OSArchitecture == Architecture.Arm64;
        string abiTag = arm64 ? "AArch64" : "x86-64";
        string multiarch = arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        IEnumerable<string> fromCache = LoaderCacheEntries(abiTag);
        string[] usual =
        [
            $"/usr/lib/{multiarch}/libstdc++.so.6",
            $"/lib/{multiarch}/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6",
            "/lib64/libstdc++.so.6",
            "/usr/lib/libstdc++.so.6",
        ];
        return fromCache.Concat(usual).FirstOrDefault(File.Exists);
    }

    /// <summary>Whether the system libstdc++ defines the symbol version <paramref name="version"/>.</summary>
    /// <param name="version">A version name such as <c>GLIBCXX_3.4.32</c>.</param>
    /// <returns><see langword="false"/> also when no libstdc++ is found.</returns>
    public static bool Provides(string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        // A version name is stored NUL-terminated in .dynstr; the terminator keeps 3.4.3 from matching 3.4.32.
        return Image.Value.AsSpan().IndexOf(Encoding.ASCII.GetBytes(version + "\0")) >= 0;
    }

    private static IEnumerable<string> LoaderCacheEntries(string abiTag)
    {
        foreach (string ldconfig in new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig" })
        {
            string? listing = TryRun(ldconfig, "-p");
            if (listing is null)
                continue;
            // Lines look like: "libstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6".
            return listing.Split('\n')
                .Select(line => line.Trim())
                .Where(line => line.StartsWith("libstdc++.so.6 ", StringComparison.Ordinal) && line.Contains(abiTag, StringComparison.Ordinal))
                .Select(line => line.IndexOf("=>", StringComparison.Ordinal) is var arrow and > 0 ? line[(arrow + 2)..].Trim() : "")
                .Where(path => path.Length > 0)
                .ToList();
        }
        return [];
    }

    private static string? TryRun(string fileName, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(fileName, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
                return null;
            _ = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not installed or not on PATH: the usual library folders are tried next
        }
    }
}
