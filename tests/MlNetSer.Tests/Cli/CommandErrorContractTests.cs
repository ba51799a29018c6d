namespace MlNetSer.Tests.Cli;

/// <summary>transform and train-network report errors like every command: one line, stack trace only with --verbose.</summary>
public sealed class CommandErrorContractTests
{
    [Fact]
    public void TransformWithAMissingModelFailsInOneLineNamingIt()
    {
        using var dir = new TempDirectory();
        var model = dir.File("missing.zip");

        var quiet = CliRunner.InProcess("transform", "--model", model, dir.File("a.wav"));
        var verbose = CliRunner.InProcess("transform", "--model", model, dir.File("a.wav"), "--verbose");

        Assert.Equal(3, quiet.ExitCode);
        var line = Assert.Single(quiet.ErrorLines);
        Assert.Equal($"error: {model}: no such model file.", line);
        Assert.Equal(3, verbose.ExitCode);
        Assert.Equal(line, verbose.ErrorLines[0]);
        Assert.Contains(verbose.ErrorLines, l => l.StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public void TrainNetworkWithAnInvalidOptionValueIsAUsageError()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.InProcess("train-network", "--segments", dir.File("s.npy"), "--utterances", dir.File("u.csv"),
            "--network", "1d", "--checkpoint-dir", dir.File("ckpt"), "--out", dir.File("m.onnx"), "--batch-size", "1");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: BatchSize must be at least 2", line);
        Assert.EndsWith("(see 'mlnetser train-network --help')", line);
    }

    [Fact]
    public void TrainNetworkWithAMissingManifestFailsInOneLineNamingIt()
    {
        using var dir = new TempDirectory();
        var manifest = dir.File("u.csv");
        var result = CliRunner.InProcess("train-network", "--segments", dir.File("s.npy"), "--utterances", manifest,
            "--network", "1d", "--checkpoint-dir", dir.File("ckpt"), "--out", dir.File("m.onnx"));

        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"error: {manifest}: no such file.", Assert.Single(result.ErrorLines));
    }
}
