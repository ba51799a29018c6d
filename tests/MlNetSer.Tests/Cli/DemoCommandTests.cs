using System.Text.Json;
using MlNetSer.Cli;
using MlNetSer.Cli.Commands;
using MlNetSer.Data;
using MlNetSer.Pipeline;
using MlNetSer.Synthesis;
using MlNetSer.Tests.Synthesis;
using MlNetSer.Tests.Training;
using MlNetSer.Evaluation;

namespace MlNetSer.Tests.Cli;

/// <summary>The <c>demo</c> and <c>demo-corpus</c> commands end to end, run tiny.</summary>
[Collection(TrainingCollection.Name)]
public sealed class DemoCommandTests
{
    [Fact]
    public void TinyDemoWritesTheCorpusReportAndModelAndPredictsHeldOutSpeakersAsPredictDoes()
    {
        using var dir = new TempDirectory();
        var outDir = dir.File("demo-out");

        var result = CliRunner.InProcess("demo", "--out", outDir, "--speakers", "4", "--utterances", "1", "--epochs", "1",
            "--networks", "1d", "--threads", "1", "--predict", "2");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        var manifest = SerManifest.Read(Path.Combine(outDir, DemoCommand.CorpusFolder, DemoCorpus.ManifestFileName));
        Assert.Equal(4 * 7, manifest.Entries.Count);
        var test = manifest.Entries.Where(e => e.Split == ManifestSplit.Test).ToArray();
        Assert.Equal(["spk04"], test.Select(e => e.Speaker).Distinct());
        Assert.Contains("Table 7", result.Output);
        Assert.Contains("Confusion matrix on the test speakers", result.Output);

        // The report was trained without the test speaker and tested on exactly its 7 utterances.
        var experiment = Path.Combine(outDir, DemoCommand.ExperimentFolder);
        Assert.Contains("Table 7", File.ReadAllText(Path.Combine(experiment, "report.md")));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(experiment, "results.json")));
        var fold = Assert.Single(json.RootElement.GetProperty("folds").EnumerateArray());
        Assert.Equal(7, fold.GetProperty("testCount").GetInt32());
        var folds = File.ReadAllLines(Path.Combine(experiment, SerExperiment.FoldsFileName));
        Assert.Equal(["split,test,spk04,7"], folds.Where(l => l.Contains(",test,", StringComparison.Ordinal)));
        Assert.DoesNotContain(folds, l => l.Contains("spk04", StringComparison.Ordinal) && !l.Contains(",test,", StringComparison.Ordinal));

        // Two held-out files, one per emotion, each predicted as the predict command predicts it with the saved model.
        var model = Path.Combine(experiment, SerExperiment.ModelFileName("split"));
        Assert.True(File.Exists(model));
        var lines = result.Output.Split('\n').Where(l => l.StartsWith("  spk04/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, lines.Length);
        foreach (var line in lines)
        {
            var file = Path.Combine(outDir, DemoCommand.CorpusFolder, line.Trim()[..line.Trim().IndexOf(':', StringComparison.Ordinal)]);
            var predicted = CliRunner.InProcess("predict", "--model", model, "--json", file);
            Assert.Equal(ExitCodes.Ok, predicted.ExitCode);
            using var answer = JsonDocument.Parse(predicted.Output);
            Assert.Contains($"predicted {answer.RootElement.GetProperty("label").GetString()} (", line);
        }
    }

    [Fact]
    public void DemoCorpusWritesTheSameFilesAsTheLibraryWithTheRequestedSplit()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.InProcess("demo-corpus", "--out", dir.File("cli"), "--speakers", "2", "--utterances", "1", "--seed", "5", "--test-speakers", "1");
        var library = DemoCorpus.Write(dir.File("lib"), new DemoCorpusOptions { Speakers = 2, UtterancesPerEmotion = 1, Seed = 5, TestSpeakers = 1 });

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        var manifestPath = Path.Combine(dir.File("cli"), DemoCorpus.ManifestFileName);
        Assert.Contains(manifestPath, result.Output);
        Assert.Equal(File.ReadAllText(library.ManifestPath), File.ReadAllText(manifestPath));
        foreach (var entry in library.Manifest.Entries)
            Assert.Equal(File.ReadAllBytes(entry.Path), File.ReadAllBytes(Path.Combine(dir.File("cli"), Path.GetRelativePath(dir.File("lib"), entry.Path))));
        Assert.Equal(7, SerManifest.Read(manifestPath).Entries.Count(e => e.Split == ManifestSplit.Test));
    }

    [EspeakFact]
    public void DemoCorpusWithTheEspeakEngineWritesTheSameFilesAsTheLibraryAndNamesTheVoices()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.InProcess("demo-corpus", "--engine", "espeak", "--out", dir.File("cli"), "--speakers", "2", "--utterances", "1", "--seed", "5", "--test-speakers", "1");
        var library = SpeechEngineCorpus.Write(dir.File("lib"), new SpeechEngineCorpusOptions { Speakers = 2, UtterancesPerEmotion = 1, Seed = 5, TestSpeakers = 1 });

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        var manifestPath = Path.Combine(dir.File("cli"), SpeechEngineCorpus.ManifestFileName);
        Assert.Equal(File.ReadAllText(library.ManifestPath), File.ReadAllText(manifestPath));
        foreach (var entry in library.Manifest.Entries)
            Assert.Equal(File.ReadAllBytes(entry.Path), File.ReadAllBytes(Path.Combine(dir.File("cli"), Path.GetRelativePath(dir.File("lib"), entry.Path))));
        Assert.Equal(7, SerManifest.Read(manifestPath).Entries.Count(e => e.Split == ManifestSplit.Test));
        Assert.Contains("espeak-ng corpus: 14 utterances = 2 speakers × 7 emotions × 1", result.Output);
        Assert.Contains($"spk02 {SpeechEngineSpeaker.Create(1, 5).Voice}", result.Output);
    }

    [Fact]
    public void AnUnwritableOutputFolderIsOneErrorLineNamingIt()
    {
        using var dir = new TempDirectory();
        var blocker = dir.Write("blocker", [1, 2, 3]);

        var result = CliRunner.InProcess("demo-corpus", "--out", Path.Combine(blocker, "corpus"), "--speakers", "1", "--utterances", "1");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error:", line, StringComparison.Ordinal);
        Assert.Contains(blocker, line);
    }

    [Theory]
    [InlineData("--speakers", "demo", "--speakers", "2")]
    [InlineData("--predict", "demo", "--predict", "-1")]
    [InlineData("--epochs", "demo", "--epochs", "0")]
    [InlineData("--networks", "demo", "--networks", "4d")]
    [InlineData("--utterances", "demo-corpus", "--out", "x", "--utterances", "0")]
    [InlineData("--test-speakers", "demo-corpus", "--out", "x", "--speakers", "2", "--test-speakers", "2")]
    [InlineData("--speakers", "demo-corpus", "--out", "x", "--engine", "espeak", "--speakers", "81")]
    [InlineData("--test-speakers", "demo-corpus", "--out", "x", "--engine", "espeak", "--test-speakers", "12")]
    public void BadValuesAreUsageErrorsNamingTheFlag(string flag, params string[] args)
    {
        using var dir = new TempDirectory();
        var result = CliRunner.InProcess([.. args.Select(a => a == "x" ? dir.File("x") : a)]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error:", line, StringComparison.Ordinal);
        Assert.Contains(flag, line);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }
}
