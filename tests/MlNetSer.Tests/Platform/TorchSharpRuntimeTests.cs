using System.Text.Json;
using MlNetSer.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetSer.Tests.Platform;

/// <summary>
/// TorchSharp runs in this build's output (which on Debian 12 needs the build's GLIBCXX fix), and that fix
/// changed exactly one flag of the output copy of libLibTorchSharp.so and nothing else.
/// </summary>
public class TorchSharpRuntimeTests
{
    private static readonly string OutputCopy =
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void GradientOfASumOfSquaresIsTwiceTheInput()
    {
        using var scope = NewDisposeScope();
        float[] values = [1.5f, -2f, 0.25f, 3f];
        Tensor x = tensor(values).requires_grad_();

        (x * x).sum().backward();

        Assert.Equal(values.Select(v => 2 * v).ToArray(), x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Conv1dForwardBackwardAndOneAdamStepMatchHandComputedValues()
    {
        using var scope = NewDisposeScope();
        float[] signal = [1, 2, 3, 4, 5];
        const int kernel = 3;
        using var conv = nn.Conv1d(1, 1, kernel);
        using (no_grad())
        {
            conv.weight!.fill_(1);
            conv.bias!.zero_();
        }
        Tensor input = tensor(signal).reshape(1, 1, signal.Length).requires_grad_();

        Tensor output = conv.forward(input);
        Tensor loss = output.square().sum();
        loss.backward();

        // By hand: y_t = sum_k x_(t+k); L = sum_t y_t^2, so dL/dy_t = 2 y_t,
        // dL/dw_k = sum_t 2 y_t x_(t+k), dL/db = sum_t 2 y_t, dL/dx_j = sum over windows t covering j of 2 y_t.
        int outputs = signal.Length - kernel + 1;
        float[] y = Enumerable.Range(0, outputs).Select(t => signal.Skip(t).Take(kernel).Sum()).ToArray();
        float[] weightGrad = Enumerable.Range(0, kernel).Select(k => Enumerable.Range(0, outputs).Sum(t => 2 * y[t] * signal[t + k])).ToArray();
        float[] inputGrad = Enumerable.Range(0, signal.Length)
            .Select(j => Enumerable.Range(0, outputs).Where(t => t <= j && j < t + kernel).Sum(t => 2 * y[t])).ToArray();
        Assert.Equal([6f, 9f, 12f], y);
        Assert.Equal(y, output.data<float>().ToArray());
        Assert.Equal(y.Sum(v => v * v), loss.item<float>());
        Assert.Equal(weightGrad, conv.weight!.grad!.data<float>().ToArray());
        Assert.Equal(y.Sum(v => 2 * v), conv.bias!.grad!.item<float>());
        Assert.Equal(inputGrad, input.grad!.data<float>().ToArray());

        // Adam's first step moves every parameter by lr * g / (|g| + eps): by lr against the gradient's sign.
        const double lr = 0.1;
        using var adam = optim.Adam(conv.parameters(), lr: lr);
        adam.step();

        foreach (float w in conv.weight!.data<float>().ToArray())
            Assert.Equal(1 - lr, w, 1e-6);
        Assert.Equal(-lr, conv.bias!.item<float>(), 1e-6);
    }

    [LinuxX64Fact]
    public void NuGetCacheCopyRequiresGlibcxx3432FromLibStdCxxAsAHardRequirement()
    {
        IReadOnlyList<ElfVersionNeed> needs = ElfVersionNeeds.Read(NuGetCacheCopy());

        // readelf -V of TorchSharp 0.107.0's libLibTorchSharp.so lists 28 requirements, 20 of them on libstdc++.
        Assert.Equal(28, needs.Count);
        Assert.Equal(20, needs.Count(n => n.Library == "libstdc++.so.6"));
        ElfVersionNeed glibcxx = Assert.Single(needs, n => n.Version == SystemLibStdCxx.TorchSharpRequiredVersion);
        Assert.Equal("libstdc++.so.6", glibcxx.Library);
        Assert.False(glibcxx.IsWeak);
        Assert.DoesNotContain(needs, n => n.IsWeak);
    }

    [LinuxX64Fact]
    public void OutputCopyDiffersFromTheNuGetCacheOnlyInTheWeakFlagOfGlibcxx3432()
    {
        string cachePath = NuGetCacheCopy();
        IReadOnlyList<ElfVersionNeed> original = ElfVersionNeeds.Read(cachePath);
        IReadOnlyList<ElfVersionNeed> output = ElfVersionNeeds.Read(OutputCopy);
        bool fixNeeded = !SystemLibStdCxx.Provides(SystemLibStdCxx.TorchSharpRequiredVersion);

        Assert.Equal(original.Count, output.Count);
        foreach (var (before, after) in original.Zip(output))
        {
            Assert.Equal((before.Library, before.Version, before.FlagsOffset), (after.Library, after.Version, after.FlagsOffset));
            bool patched = fixNeeded && before.Version == SystemLibStdCxx.TorchSharpRequiredVersion;
            Assert.Equal(patched ? (ushort)(before.Flags | ElfVersionNeed.WeakFlag) : before.Flags, after.Flags);
        }

        // Nothing else in the file moved: at most the two bytes of that one vna_flags differ.
        byte[] cacheBytes = File.ReadAllBytes(cachePath);
        byte[] outputBytes = File.ReadAllBytes(OutputCopy);
        long flags = original.Single(n => n.Version == SystemLibStdCxx.TorchSharpRequiredVersion).FlagsOffset;
        Assert.Equal(cacheBytes.Length, outputBytes.Length);
        long[] differing = Enumerable.Range(0, cacheBytes.Length).Where(i => cacheBytes[i] != outputBytes[i]).Select(i => (long)i).ToArray();
        Assert.Equal(fixNeeded ? [flags] : [], differing);
    }

    [Fact]
    public void EnsureLoadedLoadsTheNativeLibraryOfThisOutput()
    {
        TorchSharpRuntime.EnsureLoaded();

        using var scope = NewDisposeScope();
        Assert.Equal(6f, tensor(new float[] { 1, 2, 3 }).sum().item<float>());
    }

    [Fact]
    public void ExplainMissingBackend_NamesTheBackendPackagesForAFolderWithoutLibtorch_AndNothingForThisOutput()
    {
        using var empty = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(empty.Path, "runtimes", "linux-x64", "native"));

        var explanation = TorchSharpRuntime.ExplainMissingBackend(empty.Path);

        Assert.NotNull(explanation);
        Assert.Contains("libtorch-cpu 2.10.0", explanation);
        Assert.Contains("libtorch-cuda-12.8-linux-x64", explanation);
        Assert.Null(TorchSharpRuntime.ExplainMissingBackend(AppContext.BaseDirectory));
    }

    [LinuxX64Fact]
    public void ExplainLoadFailureBlamesGlibcxx3432OnlyForTheUnpatchedCopyOnSystemsWithoutIt()
    {
        string cachePath = NuGetCacheCopy();

        string? unpatched = TorchSharpRuntime.ExplainLoadFailure(cachePath);

        if (SystemLibStdCxx.Provides(SystemLibStdCxx.TorchSharpRequiredVersion))
        {
            Assert.Null(unpatched);
        }
        else
        {
            Assert.NotNull(unpatched);
            Assert.Contains(cachePath, unpatched);
            Assert.Contains("GLIBCXX_3.4.32", unpatched);
        }
        Assert.Null(TorchSharpRuntime.ExplainLoadFailure(OutputCopy));
    }

    [Fact]
    public void ReaderRejectsAFileThatIsNotElfNamingIt()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("not-elf.so", Enumerable.Repeat((byte)'x', 100).ToArray());
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("not an ELF file", error.Message);
    }

    [LinuxX64Fact]
    public void ReaderRejectsATruncatedLibrary()
    {
        byte[] head = File.ReadAllBytes(OutputCopy)[..4096];

        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Parse(head));
        Assert.Contains("truncated or corrupt", error.Message);
    }

    /// <summary>The package folder of TorchSharp as this test output's deps.json names it, under the NuGet cache.</summary>
    private static string NuGetCacheCopy()
    {
        string depsPath = Path.Combine(AppContext.BaseDirectory, "MlNetSer.Tests.deps.json");
        using JsonDocument deps = JsonDocument.Parse(File.ReadAllText(depsPath));
        string packageFolder = deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Single(library => library.Name.StartsWith("TorchSharp/", StringComparison.Ordinal))
            .Value.GetProperty("path").GetString()!;
        string packagesRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(packagesRoot, packageFolder, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"TorchSharp's NuGet cache copy is not at {path}.");
        return path;
    }
}
