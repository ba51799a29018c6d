using System.Diagnostics;
using MlNetSer.Tests.Training;
using MlNetSer.Tests.TestSupport;

namespace MlNetSer.Tests.Cli;

/// <summary>The train-network command in fresh processes, including a SIGKILL mid-run and a resume.</summary>
[Collection(TrainingCollection.Name)]
public sealed class TrainNetworkCommandTests
{
    private static string[] Arguments(TempDirectory folder, string run) =>
    [
        "train-network",
        "--segments", folder.File("segments.npy"), "--utterances", folder.File("utterances.csv"),
        "--network", "1d", "--checkpoint-dir", folder.File($"{run}-checkpoints"), "--out", folder.File($"{run}.onnx"),
        "--epochs", "5", "--seed", "3", "--threads", "1", "--patience", "0",
    ];

    private static (int ExitCode, string Output) RunToEnd(string[] arguments)
    {
        var result = CliRunner.FreshProcess(arguments);
        return (result.ExitCode, result.Output + result.Error);
    }

    [Fact]
    public void AKilledRunStartedAgainEndsWithTheSameModelAsAnUninterruptedRun()
    {
        using var folder = new TempDirectory();
        ToySegments.WriteCommandInput(ToySegments.Utterances(speakers: 5, utterancesPerSpeaker: 6, segmentsPerUtterance: 4, seed: 8),
            folder.File("segments.npy"), folder.File("utterances.csv"));

        var (exitCode, output) = RunToEnd(Arguments(folder, "straight"));
        Assert.True(exitCode == 0, output);
        Assert.Contains("1d: 5/5 epochs, loss ", output);

        var killedArguments = Arguments(folder, "killed");
        var checkpoint = Path.Combine(folder.File("killed-checkpoints"), "training.ckpt");
        using (var victim = Process.Start(CliRunner.StartInfo(killedArguments))!)
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

        Assert.False(File.Exists(folder.File("killed.onnx")));
        var (resumedExit, resumedOutput) = RunToEnd(killedArguments);
        Assert.True(resumedExit == 0, resumedOutput);
        Assert.Contains("resuming from checkpoint after epoch", resumedOutput);
        Assert.DoesNotContain("1d: 1/5 epochs, loss", resumedOutput);
        Assert.Equal(File.ReadAllBytes(folder.File("straight.onnx")), File.ReadAllBytes(folder.File("killed.onnx")));

        // A temporary file of the killed writer, if the kill hit a checkpoint write, was cleaned up.
        Assert.Equal(["training.ckpt"], Directory.GetFiles(folder.File("killed-checkpoints")).Select(Path.GetFileName));
    }

    [Fact]
    public void BadInputGivesAnErrorNamingTheFile()
    {
        using var folder = new TempDirectory();
        ToySegments.WriteCommandInput(ToySegments.Utterances(3, 2, 2, seed: 1), folder.File("segments.npy"), folder.File("utterances.csv"));
        File.WriteAllText(folder.File("utterances.csv"), "utterance,label,speaker,segments\na,x,s,1\n");

        var (exitCode, output) = RunToEnd(Arguments(folder, "bad"));
        Assert.Equal(3, exitCode);
        Assert.Contains("segments.npy", output);
        Assert.Contains("manifest lists 1", output);
    }
}
