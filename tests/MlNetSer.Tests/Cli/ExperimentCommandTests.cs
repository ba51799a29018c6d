using System.Text.Json;
using MlNetSer.Data;
using MlNetSer.Evaluation;
using MlNetSer.Pipeline;
using MlNetSer.Platform;
using MlNetSer.Tests.Training;
using MlNetSer.Tests.Pipeline;
using MlNetSer.Tests.TestSupport;

namespace MlNetSer.Tests.Cli;

/// <summary>The <c>experiment</c> command end to end on a small generated corpus, and its protocol parsing.</summary>
[Collection(TrainingCollection.Name)]
public sealed class ExperimentCommandTests
{
    [Fact]
    public void ThreeSpeakerGroupsWriteTheReportWithEveryFoldTrainedWithoutItsTestSpeakers()
    {
        // 3 classes × 6 speakers × 2 one-second utterances; its split column is ignored by the speaker groups.
        using var corpus = new PipelineCorpus(perSpeaker: 2);
        var manifest = corpus.ManifestPath;
        var output = corpus.Folder.File("results");

        var result = CliRunner.InProcess(
            "experiment", "--data", manifest, "--protocol", "losgo:3", "--out", output,
            "--networks", "1d,3d", "--preset", "fast", "--epochs", "2", "--seed", "1", "--threads", "1");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        // Progress on stderr: each fold's stage lines and the bar over the folds; the table on stdout.
        Assert.Contains("fold 3/3", result.Error);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("folds: 3/3 folds, ", StringComparison.Ordinal));
        Assert.DoesNotContain("fold 3/3", result.Output);
        Assert.Contains("Table 7", result.Output);
        Assert.Contains("Feature level", result.Output);
        Assert.Contains(Path.Combine(output, "report.md"), result.Output);
        Assert.True(File.Exists(Path.Combine(output, "report.md")));
        var markdown = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("Table 7", markdown);
        // Every fold's training curves and λ grid of 1d+3d, and the pooled confusion of each combination, linked and present.
        foreach (var plot in new[] { "training_group1.png", "lambda_group3_score_1d+3d.png", "confusion_single_3d.png", "confusion_feature_1d+3d.png" })
        {
            Assert.Contains($"(plots/{plot})", markdown, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(output, "plots", plot)), plot);
        }


        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        var folds = json.RootElement.GetProperty("folds").EnumerateArray().ToArray();
        Assert.Equal(3, folds.Length);
        foreach (var fold in folds)
        {
            Assert.Equal(6 * 2 * PipelineCorpus.Labels.Length, fold.GetProperty("trainingCount").GetInt32() + fold.GetProperty("validationCount").GetInt32() + fold.GetProperty("testCount").GetInt32());
            Assert.True(fold.GetProperty("validationCount").GetInt32() > 0);
        }

        // Singles 1d and 3d, score-level 1d+3d, feature-level 1d, 3d and 1d+3d; each with a mean over the folds.
        var summary = json.RootElement.GetProperty("summary").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        Assert.Equal(["single_1d", "single_3d", "score_1d+3d", "feature_1d", "feature_3d", "feature_1d+3d", "baseline"], summary.Keys);
        foreach (var (id, row) in summary)
        {
            var accuracies = folds.Select(f => f.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id)
                .GetProperty("report").GetProperty("accuracy").GetDouble()).ToArray();
            Assert.Equal(accuracies.Average(), row.GetProperty("accuracy").GetProperty("mean").GetDouble(), 1e-9);
        }

        Assert.NotEqual(JsonValueKind.Null, summary["score_1d+3d"].GetProperty("oracle").ValueKind);
        Assert.Equal("baseline", json.RootElement.GetProperty("baseline").GetString());
        Assert.Contains("**Baseline** (log-Mel statistics + linear SVM, no network)", markdown, StringComparison.Ordinal);
        Assert.Contains("**Best single network:**", markdown, StringComparison.Ordinal);
        Assert.Equal(["score_1d+3d", "feature_1d+3d"], json.RootElement.GetProperty("modelFusions").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("**The model's fusions** (every network, as the fitted model outputs them", markdown, StringComparison.Ordinal);
        // Every utterance's scores per network, for the fusion data and the test speakers of every fold.
        var scores = File.ReadAllLines(Path.Combine(output, UtteranceScoresCsv.FileName));
        Assert.Equal("fold,part,speaker,label,network," + string.Join(",", PipelineCorpus.Labels), scores[0]);
        Assert.Equal(2 * 6 * 2 * PipelineCorpus.Labels.Length, scores.Count(l => l.Contains(",test,", StringComparison.Ordinal)));
        AssertSpeakerDisjoint(File.ReadAllLines(Path.Combine(output, SerExperiment.FoldsFileName)), folds.Length, speakers: 6);
    }

    [Fact]
    public void Json_PrintsOnlyTheResultsDocument_ProgressGoesToStandardError()
    {
        using var corpus = new PipelineCorpus(perSpeaker: 1);
        var output = corpus.Folder.File("results");

        var result = CliRunner.InProcess(
            "experiment", "--data", corpus.ManifestPath, "--protocol", "split", "--out", output,
            "--networks", "1d", "--preset", "fast", "--epochs", "1", "--seed", "1", "--threads", "1", "--json");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(File.ReadAllText(Path.Combine(output, "results.json")).Trim(), result.Output.Trim());
        Assert.Single(json.RootElement.GetProperty("folds").EnumerateArray());
        var device = SerDevice.Auto.Resolve().ToString();
        Assert.Equal(device, json.RootElement.GetProperty("device").GetString());
        Assert.Contains($"device: {device}", result.ErrorLines);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("folds: done, 1 folds in ", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.StartsWith("fold 1/1 (", StringComparison.Ordinal) && l.Contains(" 1d: done, 1 epochs in ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("losgo:1")]
    [InlineData("losgo:x")]
    [InlineData("losgo:5:2")]
    [InlineData("split:3")]
    public void AProtocolOtherThanLosgoOrSplitIsAUsageError(string protocol)
    {
        using var folder = new TempDirectory();
        var result = CliRunner.InProcess("experiment", "--data", folder.File("manifest.csv"), "--protocol", protocol, "--out", folder.File("out"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--protocol", result.Error);
        Assert.Contains(protocol, result.Error);
        Assert.False(Directory.Exists(folder.File("out")));
    }

    [Fact]
    public void AMissingManifestFailsNamingTheFile()
    {
        using var folder = new TempDirectory();
        var result = CliRunner.InProcess("experiment", "--data", folder.File("absent.csv"), "--protocol", "split", "--out", folder.File("out"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains(folder.File("absent.csv"), result.Error);
    }

    [Fact]
    public void HelpNamesTheProtocols()
    {
        var result = CliRunner.InProcess("experiment", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("losgo:K", result.Output);
        Assert.Contains("split", result.Output);
    }

    [Fact]
    public void AFixedSplitWhoseTrainAndTestRowsShareASpeakerIsRefusedBeforeTraining()
    {
        SerManifestEntry Entry(string speaker, string label, ManifestSplit split, int line) => new($"/x/{line}.wav", label, speaker, split, line);
        var entries = new[]
        {
            Entry("s1", "a", ManifestSplit.Train, 2), Entry("s2", "b", ManifestSplit.Train, 3), Entry("s3", "a", ManifestSplit.Train, 4),
            Entry("s4", "b", ManifestSplit.Train, 5), Entry("s1", "b", ManifestSplit.Test, 6), Entry("s5", "a", ManifestSplit.Test, 7),
        };

        var error = Assert.Throws<InvalidOperationException>(() => SerExperiment.Folds(entries, new SerExperimentOptions { Protocol = SerExperimentProtocol.FixedSplit }));
        Assert.Contains("s1", error.Message);
        Assert.Contains("test", error.Message);
    }

    // folds.csv lists each fold's speakers per part: no test speaker is trained or validated on in its fold,
    // and under k-fold every speaker is tested exactly once.
    private static void AssertSpeakerDisjoint(string[] lines, int foldCount, int speakers)
    {
        Assert.Equal("fold,part,speaker,utterances", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).Select(f => (Fold: f[0], Part: f[1], Speaker: f[2])).ToArray();
        var byFold = rows.GroupBy(r => r.Fold).ToArray();
        Assert.Equal(foldCount, byFold.Length);
        foreach (var fold in byFold)
        {
            var test = fold.Where(r => r.Part == "test").Select(r => r.Speaker).ToHashSet();
            var seen = fold.Where(r => r.Part is "training" or "validation").Select(r => r.Speaker).ToArray();
            Assert.NotEmpty(test);
            Assert.Contains(fold, r => r.Part == "validation");
            Assert.DoesNotContain(seen, test.Contains);
            Assert.Equal(speakers, test.Count + seen.Length);
        }

        var tested = rows.Where(r => r.Part == "test").Select(r => r.Speaker).ToArray();
        Assert.Equal(speakers, tested.Length);
        Assert.Equal(speakers, tested.Distinct().Count());
    }
}
