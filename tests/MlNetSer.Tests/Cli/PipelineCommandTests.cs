using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Pipeline;
using MlNetSer.Platform;
using MlNetSer.Tests.TestSupport;
using MlNetSer.Tests.Training;
using MlNetSer.Tests.Pipeline;

namespace MlNetSer.Tests.Cli;

[Collection(TrainingCollection.Name)]
public sealed class PipelineCommandTests(TrainedPipeline trained) : IClassFixture<TrainedPipeline>
{
    [Fact]
    public void Train_SkipsABadRow_WritesTheZip_AndReportsLambdaAndValidationAccuracy()
    {
        using var output = new TempDirectory();
        var zip = output.File("model.zip");

        var result = CliRunner.InProcess("train", "--data", trained.Corpus.ManifestWithMissingFile(), "--out", zip, "--networks", "1d",
            "--preset", "fast", "--epochs", "2", "--seed", "3", "--onnx-dir", output.File("onnx"));

        Assert.True(result.ExitCode == 2, result.Error + result.Output);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("warning: skipped", StringComparison.Ordinal) && l.Contains("missing.wav", StringComparison.Ordinal));
        // Progress on stderr, a line per epoch with its loss and validation accuracy; results on stdout.
        Assert.Contains(result.ErrorLines, l => l.StartsWith("1d: 2/2 epochs, loss ", StringComparison.Ordinal) && l.Contains("validation accuracy", StringComparison.Ordinal));
        Assert.DoesNotContain("epochs, loss", result.Output, StringComparison.Ordinal);
        Assert.Contains("score fusion λ: 1d=1.0 (validation;", result.Output, StringComparison.Ordinal);
        Assert.Contains("validation accuracy: 1d ", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(zip));
        Assert.Equal(["model.zip"], Directory.GetFiles(output.Path).Select(Path.GetFileName));
        // Plots by default in model-plots beside the zip; one network has no λ grid to draw.
        Assert.Contains("wrote 5 plots to " + output.File("model-plots"), result.Output, StringComparison.Ordinal);
        Assert.Equal(["confusion_1d.png", "confusion_baseline.png", "confusion_feature_fusion.png", "confusion_score_fusion.png", "training.png"],
            Directory.GetFiles(output.File("model-plots")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(output.File(Path.Combine("onnx", "1d.onnx"))));
        var info = SerModelInfo.Read(trained.Ml.Model.Load(zip, out _));
        Assert.Equal(["1d"], info.Networks);
        Assert.Equal(PipelineCorpus.Labels, info.Labels);
    }

    [Fact]
    public void Train_Json_PrintsOnlyTheDocument_AndItAgreesWithTheWrittenZip_NoPlotsWritesNone_CacheWhereAsked()
    {
        using var output = new TempDirectory();
        using var cache = new TempDirectory();
        var zip = output.File("model.zip");

        var result = CliRunner.InProcess("train", "--data", trained.ManifestPath, "--out", zip, "--networks", "1d",
            "--preset", "fast", "--epochs", "1", "--seed", "3", "--json", "--no-plots", "--cache-dir", cache.Path, "--feature-threads", "2");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(zip, root.GetProperty("model").GetString());
        Assert.Equal(SerDevice.Auto.Resolve().ToString(), root.GetProperty("device").GetString());
        var network = Assert.Single(root.GetProperty("networks").EnumerateObject());
        Assert.Equal("1d", network.Name);
        Assert.Equal(1, network.Value.GetProperty("epochs_run").GetInt32());
        Assert.Equal(1, network.Value.GetProperty("best_epoch").GetInt32());
        var info = SerModelInfo.Read(trained.Ml.Model.Load(zip, out _));
        Assert.Equal(info.ScoreFusion!.Weights[0], root.GetProperty("score_fusion").GetProperty("weights").GetProperty("1d").GetDouble(), 12);
        Assert.Equal(["1d", "feature_fusion", "score_fusion", "baseline"], root.GetProperty("validation_accuracy").EnumerateObject().Select(p => p.Name));
        var notTest = MlNetSer.Data.SerManifest.Read(trained.ManifestPath).Entries.Count(e => e.Split != MlNetSer.Data.ManifestSplit.Test);
        Assert.Equal(notTest, root.GetProperty("training").GetProperty("utterances").GetInt32() + root.GetProperty("validation").GetProperty("utterances").GetInt32());
        Assert.Contains(result.ErrorLines, l => l.StartsWith("1d: 1/1 epochs, loss ", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.StartsWith("validation: done, ", StringComparison.Ordinal));
        Assert.Empty(root.GetProperty("plots").EnumerateArray());
        Assert.Empty(root.GetProperty("skipped_files").EnumerateArray());
        Assert.Equal(["model.zip"], Directory.GetFileSystemEntries(output.Path).Select(Path.GetFileName));
        // The networks trained from the segment cache in --cache-dir, one entry per training and validation file.
        Assert.Contains(result.ErrorLines, l => l.StartsWith("segment cache: done, ", StringComparison.Ordinal) && l.Contains("0 reused", StringComparison.Ordinal));
        Assert.NotEmpty(Directory.GetFiles(cache.Path, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("--networks", "1d,4d")]
    [InlineData("--preset", "slow")]
    [InlineData("--validation-fraction", "0")]
    [InlineData("--feature-threads", "-1")]
    [InlineData("--cache-dir", "")]
    public void Train_RejectsBadOptions_BeforeTraining(string option, string value)
    {
        using var output = new TempDirectory();

        var result = CliRunner.InProcess("train", "--data", trained.ManifestPath, "--out", output.File("m.zip"), option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.False(File.Exists(output.File("m.zip")));
    }

    [Fact]
    public void Evaluate_PrintsEveryClassifier_AndWritesTheFiguresOfTheTestRows()
    {
        using var output = new TempDirectory();
        var jsonPath = output.File("figures.json");

        var result = CliRunner.InProcess("evaluate", "--model", trained.ModelPath, "--data", trained.ManifestPath, "--json-out", jsonPath);

        Assert.True(result.ExitCode == 0, result.Error);
        foreach (var text in new[] { "split test", "Accuracy and UAR", "feature_fusion", "score_fusion", "confusion" })
            Assert.Contains(text, result.Output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var results = json.RootElement.GetProperty("results");
        Assert.Equal(["1d", "3d", "feature_fusion", "score_fusion", "baseline"], results.EnumerateObject().Select(p => p.Name));
        var test = MlNetSer.Data.ManifestDataView.Load(trained.Ml, trained.Fold.Test);
        var expected = SerPipelineEvaluation.Evaluate(trained.Ml, trained.Result.Model, test, out _);
        foreach (var (name, report) in expected)
        {
            var figures = results.GetProperty(name);
            Assert.Equal(report.Accuracy, figures.GetProperty("accuracy").GetDouble(), 12);
            Assert.Equal(report.Uar, figures.GetProperty("uar").GetDouble(), 12);
            Assert.Equal(trained.Fold.Test.Count, figures.GetProperty("count").GetInt32());
            Assert.Equal(3, figures.GetProperty("per_class").GetArrayLength());
            Assert.Equal(report.ConfusionMatrix[0], figures.GetProperty("confusion_matrix")[0].EnumerateArray().Select(v => v.GetInt32()));
        }

        var weights = json.RootElement.GetProperty("score_fusion").GetProperty("weights");
        Assert.Equal(trained.Result.ScoreFusion.Weights[0], weights.GetProperty("1d").GetDouble(), 12);
    }

    [Fact]
    public void Evaluate_Json_PrintsOnlyTheDocument_TheSameAsTheFile_WithProgressOnStandardError()
    {
        using var output = new TempDirectory();
        var jsonPath = output.File("figures.json");

        var result = CliRunner.InProcess("evaluate", "--model", trained.ModelPath, "--data", trained.ManifestPath, "--json", "--json-out", jsonPath);

        Assert.True(result.ExitCode == 0, result.Error);
        using var printed = JsonDocument.Parse(result.Output);
        Assert.Equal(File.ReadAllText(jsonPath).Trim(), result.Output.Trim());
        Assert.Equal(["1d", "3d", "feature_fusion", "score_fusion", "baseline"], printed.RootElement.GetProperty("results").EnumerateObject().Select(p => p.Name));
        Assert.Equal(trained.Fold.Test.Count, printed.RootElement.GetProperty("results").GetProperty("score_fusion").GetProperty("count").GetInt32());
        Assert.Contains(result.ErrorLines, l => l.StartsWith($"evaluate: done, {trained.Fold.Test.Count} utterances in ", StringComparison.Ordinal));
        var device = SerDevice.Auto.Resolve().ToString();
        Assert.Equal(device, printed.RootElement.GetProperty("device").GetString());
        Assert.Contains($"evaluate: device {device}", result.ErrorLines);
    }

    [Fact]
    public void Predict_Json_InAFreshProcess_AnswersEveryReadableFile_AndNamesTheBadOne()
    {
        using var output = new TempDirectory();
        var bad = output.Write("broken.wav", "RIFF but not really a wave file"u8.ToArray());
        var good = trained.TestPaths.Take(2).ToArray();
        var fitted = trained.Result.Model.Transform(trained.PathData(good));
        var expectedLabels = fitted.GetColumn<string>(SerColumns.PredictedLabel).ToArray();
        var expectedScores = fitted.GetColumn<float[]>(SerColumns.Score).ToArray();
        var expected1d = fitted.GetColumn<float[]>(SerColumns.Score1d).ToArray();

        var result = CliRunner.FreshProcess("predict", "--model", trained.ModelPath, "--json", good[0], bad, good[1]);

        Assert.True(result.ExitCode == 2, result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.Equal(["path", "error"], lines[1].EnumerateObject().Select(p => p.Name));
        Assert.Contains("broken.wav", lines[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        foreach (var (line, i) in new[] { (lines[0], 0), (lines[2], 1) })
        {
            Assert.Equal(["path", "label", "device", "scores", "networks", "feature_fusion"], line.EnumerateObject().Select(p => p.Name));
            Assert.Equal(SerDevice.Auto.Resolve().ToString(), line.GetProperty("device").GetString());
            Assert.Equal(good[i], line.GetProperty("path").GetString());
            Assert.Equal(expectedLabels[i], line.GetProperty("label").GetString());
            Assert.Equal(expectedScores[i], PipelineCorpus.Labels.Select(l => line.GetProperty("scores").GetProperty(l).GetSingle()));
            Assert.Equal(["1d", "3d"], line.GetProperty("networks").EnumerateObject().Select(p => p.Name));
            Assert.Equal(expected1d[i], PipelineCorpus.Labels.Select(l => line.GetProperty("networks").GetProperty("1d").GetProperty(l).GetSingle()));
            Assert.Contains(line.GetProperty("feature_fusion").GetProperty("label").GetString(), PipelineCorpus.Labels);
        }
    }

    [Theory]
    [InlineData("train", "--preset")]
    [InlineData("evaluate", "--json")]
    [InlineData("evaluate", "--json-out")]
    [InlineData("train", "--json")]
    [InlineData("predict", "--model")]
    [InlineData("train", "--device")]
    [InlineData("experiment", "--device")]
    [InlineData("demo", "--device")]
    [InlineData("train-network", "--device")]
    [InlineData("evaluate", "--device")]
    [InlineData("predict", "--device")]
    [InlineData("transform", "--device")]
    public void Help_ListsTheCommandsOptions(string command, string option)
    {
        var result = CliRunner.InProcess(command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(option, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_Text_ReadsTheFilesOfAManifest()
    {
        var result = CliRunner.InProcess("predict", "--model", trained.ModelPath, trained.ManifestPath);

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(File.ReadAllLines(trained.ManifestPath).Length - 1, lines.Length);
        Assert.All(lines, l => Assert.Contains("score fusion anger=", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Contains("feature fusion ", l, StringComparison.Ordinal));
    }
}
