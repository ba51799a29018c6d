using System.Diagnostics;

namespace MlNetSer.Tests.Training;

/// <summary>The train-network command in fresh processes, including a SIGKILL mid-run and a resume.</summary>
[Collection(TrainingCollection.Name)]
public sealed class TrainNetworkCommandTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "MlNetSer.Cli.dll");

    private static string[] Arguments(TempFolder folder, string run) =>
    [
        Cli, "train-network",
        "--segments", folder["segments.npy"], "--utterances", folder["utterances.csv"],
        "--network", "1d", "--checkpoint-dir", folder[$"{run}-checkpoints"], "--out", folder[$"{run}.onnx"],
        "--epochs", "5", "--seed", "3", "--threads", "1", "--patience", "0",
    ];

    private static Process Start(string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        return Process.Start(info)!;
    }

    private static (int ExitCode, string Output) RunToEnd(string[] arguments)
    {
        using var process = Start(arguments);
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    [Fact]
    public void AKilledRunStartedAgainEndsWithTheSameModelAsAnUninterruptedRun()
    {
        using var folder = new TempFolder();
        ToySegments.WriteCommandInput(ToySegments.Utterances(speakers: 5, utterancesPerSpeaker: 6, segmentsPerUtterance: 4, seed: 8),
            folder["segments.npy"], folder["utterances.csv"]);

        var (exitCode, output) = RunToEnd(Arguments(folder, "straight"));
        Assert.True(exitCode == 0, output);
        Assert.Contains("epoch 5/5", output);

        var killedArguments = Arguments(folder, "killed");
        var checkpoint = Path.Combine(folder["killed-checkpoints"], "training.ckpt");
        using (var victim = Start(killedArguments))
        {
            _ = victim.StandardOutput.ReadToEndAsync();
            _ = victim.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!File.Exists(checkpoint) && !victim.HasExited && DateTime.UtcNow < deadline)
                Thread.Sleep(5);
            Assert.True(File.Exists(checkpoint), "no checkpoint appeared");
            Assert.False(victim.HasExited, "the run ended before it could be killed");
            victim.Kill(); // SIGKILL on Unix: no chance to clean up
            victim.WaitForExit();
        }

        Assert.False(File.Exists(folder["killed.onnx"]));
        var (resumedExit, resumedOutput) = RunToEnd(killedArguments);
        Assert.True(resumedExit == 0, resumedOutput);
        Assert.Contains("resuming from checkpoint after epoch", resumedOutput);
        Assert.DoesNotContain("epoch 1/5 loss", resumedOutput);
        Assert.Equal(File.ReadAllBytes(folder["straight.onnx"]), File.ReadAllBytes(folder["killed.onnx"]));

        // A temporary file of the killed writer, if the kill hit a checkpoint write, was cleaned up.
        Assert.Equal(["training.ckpt"], Directory.GetFiles(folder["killed-checkpoints"]).Select(Path.GetFileName));
    }

    [Fact]
    public void BadInputGivesAnErrorNamingTheFile()
    {
        using var folder = new TempFolder();
        ToySegments.WriteCommandInput(ToySegments.Utterances(3, 2, 2, seed: 1), folder["segments.npy"], folder["utterances.csv"]);
        File.WriteAllText(folder["utterances.csv"], "utterance,label,speaker,segments\na,x,s,1\n");

        var (exitCode, output) = RunToEnd(Arguments(folder, "bad"));
        Assert.Equal(3, exitCode);
        Assert.Contains("segments.npy", output);
        Assert.Contains("manifest lists 1", output);
    }
}
