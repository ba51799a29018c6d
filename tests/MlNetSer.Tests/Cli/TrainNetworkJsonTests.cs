using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using MlNetSer.Cli;
using MlNetSer.Platform;
using MlNetSer.Tests.Training;

namespace MlNetSer.Tests.Cli;

/// <summary><c>train-network --json</c>: the document on stdout agrees with the model it wrote; progress stays on stderr.</summary>
[Collection(TrainingCollection.Name)]
public sealed class TrainNetworkJsonTests
{
    [Fact]
    public void JsonDocumentMatchesTheWrittenModel_ProgressHasAnEpochLinePerEpoch()
    {
        using var folder = new TempDirectory();
        ToySegments.WriteCommandInput(ToySegments.Utterances(speakers: 4, utterancesPerSpeaker: 2, segmentsPerUtterance: 2, seed: 4),
            folder.File("segments.npy"), folder.File("utterances.csv"));
        var model = folder.File("cnn1d.onnx");

        var result = CliRunner.InProcess("train-network", "--segments", folder.File("segments.npy"), "--utterances", folder.File("utterances.csv"),
            "--network", "1d", "--checkpoint-dir", folder.File("ckpt"), "--out", model, "--epochs", "3", "--patience", "0", "--seed", "2",
            "--threads", "1", "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("1d", root.GetProperty("network").GetString());
        Assert.Equal(model, root.GetProperty("model").GetString());
        // The device --device auto resolved to on this machine (the CPU where no CUDA device is usable).
        Assert.Equal(SerDevice.Auto.Resolve().ToString(), root.GetProperty("device").GetString());
        Assert.Equal(3, root.GetProperty("epochs_run").GetInt32());
        Assert.False(root.GetProperty("stopped_early").GetBoolean());
        Assert.InRange(root.GetProperty("validation_accuracy").GetDouble(), 0, 1);
        Assert.Equal(8, root.GetProperty("training").GetProperty("utterances").GetInt32() + root.GetProperty("validation").GetProperty("utterances").GetInt32());

        // The ONNX metadata records the run the same way the document does.
        using var session = new InferenceSession(model);
        var training = session.ModelMetadata.CustomMetadataMap["training"];
        Assert.Contains($"best_epoch={root.GetProperty("best_epoch").GetInt32()};", training);
        Assert.Contains("epochs_run=3", training);

        var epochLines = result.ErrorLines.Where(l => l.Contains(" epochs, loss ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["1d: 1/3 epochs", "1d: 2/3 epochs", "1d: 3/3 epochs"], epochLines.Select(l => l[..l.IndexOf(", ", StringComparison.Ordinal)]));
        Assert.All(epochLines, l => Assert.Contains("val_acc ", l));
        Assert.Contains(result.ErrorLines, l => l.StartsWith("1d: done, 3 epochs in ", StringComparison.Ordinal));
    }
}
