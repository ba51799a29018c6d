using MlNetSer.Tests.Platform;

namespace MlNetSer.Tests.Cli;

/// <summary>
/// <c>--device</c> on every command that trains or scores: one definition, parsed the same way everywhere; a device that
/// cannot be used stops the command before any work with one line naming the problem (exit code 1, a usage error).
/// </summary>
public sealed class DeviceOptionTests
{
    public static TheoryData<string> Commands => new() { "train", "experiment", "demo", "train-network", "evaluate", "predict", "transform" };

    [Theory]
    [MemberData(nameof(Commands))]
    public void AValueThatIsNoDevice_IsAUsageErrorSayingWhatIsAccepted(string command)
    {
        using var dir = new TempDirectory();

        var result = CliRunner.InProcess(WithDevice(Arguments(command, dir), "gpu"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--device: 'gpu' is not a device: use auto, cpu, cuda or cuda:N", result.Error);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [NoCudaTheory]
    [MemberData(nameof(Commands))]
    public void WithoutCuda_AskingForCuda_StopsBeforeAnyWork_WithOneLineNamingEachLibrarysProblem(string command)
    {
        using var dir = new TempDirectory();

        var result = CliRunner.InProcess(WithDevice(Arguments(command, dir), "cuda"));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: --device cuda:0: cuda:0 is not usable. TorchSharp: ", line);
        Assert.Contains("libtorch", line);
        Assert.Contains("docs/gpu.md", line);
        Assert.Equal("", result.Output);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [NoCudaFact]
    public void WithoutCuda_ASecondCudaDeviceIsRefusedTheSameWay()
    {
        using var dir = new TempDirectory();

        var result = CliRunner.InProcess(WithDevice(Arguments("predict", dir), "cuda:1"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: --device cuda:1: cuda:1 is not usable.", Assert.Single(result.ErrorLines));
    }

    private static string[] WithDevice(string[] arguments, string device) => [.. arguments, "--device", device];

    // The command's required arguments, naming files that do not exist: the device is checked before any is read.
    private static string[] Arguments(string command, TempDirectory dir) => command switch
    {
        "train" => ["train", "--data", dir.File("manifest.csv"), "--out", dir.File("model.zip")],
        "experiment" => ["experiment", "--data", dir.File("manifest.csv"), "--out", dir.File("results")],
        "demo" => ["demo", "--out", dir.File("demo")],
        "train-network" => ["train-network", "--segments", dir.File("segments.npy"), "--utterances", dir.File("utterances.csv"), "--network", "1d",
            "--checkpoint-dir", dir.File("ckpt"), "--out", dir.File("model.onnx")],
        "evaluate" => ["evaluate", "--model", dir.File("model.zip"), "--data", dir.File("manifest.csv")],
        "predict" => ["predict", "--model", dir.File("model.zip"), dir.File("a.wav")],
        "transform" => ["transform", "--model", dir.File("model.zip"), dir.File("a.wav")],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };
}
