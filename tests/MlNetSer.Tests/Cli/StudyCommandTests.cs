using System.Text.Json;
using MlNetSer.Evaluation;
using MlNetSer.Models;
using TorchSharp.PyBridge;
using MlNetSer.Tests.Pipeline;
using MlNetSer.Tests.TestSupport;
using MlNetSer.Tests.Training;

namespace MlNetSer.Tests.Cli;

/// <summary>The <c>study</c> command (the paper's Tables 4–6) on a tiny generated corpus with one epoch and two values.</summary>
[Collection(TrainingCollection.Name)]
public sealed class StudyCommandTests
{
    [Fact]
    public void ClipDepth_TwoValues_WritesTheTableBesideThePapers_TheResultsAndThePlot()
    {
        using var corpus = new PipelineCorpus(perSpeaker: 2);

        var (result, markdown, output) = RunStudy(corpus, "clip-depth", "2,4");

        Assert.Contains("value 4", result.Error);
        Assert.Contains("Table 6", markdown);
        Assert.Contains("| 2 | [8, 8, 2] |", markdown);
        Assert.Contains("| 4 | [8, 8, 4] |", markdown);
        // The paper's figures are quoted beside ours, and the values not run are listed with them.
        Assert.Contains("| 28.46 | 37.97 |", markdown);
        Assert.Contains("| 6 | not run", markdown);
        Assert.Contains("quoted from the paper", markdown);
        // The protocol line describes what each value ran: the 3D network alone, no fusion.
        Assert.Contains("networks 3d;", markdown);
        Assert.DoesNotContain("fusions fitted", markdown);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, SerStudy.JsonFileName)));
        var values = json.RootElement.GetProperty("values").EnumerateArray().ToArray();
        Assert.Equal(["2", "4"], values.Select(v => v.GetProperty("value").GetString()));
        Assert.All(values, v => Assert.InRange(v.GetProperty("accuracy").GetProperty("mean").GetDouble(), 0, 1));
        Assert.Equal(1, values[0].GetProperty("accuracy_per_fold").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, values[0].GetProperty("paper").ValueKind);
        Assert.Equal(28.46, values[1].GetProperty("paper").GetProperty("afew").GetDouble());
        Assert.True(new FileInfo(Path.Combine(output, SerStudy.PlotFileName)).Length > 1000);
    }

    [Fact]
    public void SegmentLength_TwoValues_WritesTable4BesideThePapers_TheResultsAndThePlot()
    {
        using var corpus = new PipelineCorpus(perSpeaker: 2);

        var (_, markdown, output) = RunStudy(corpus, "segment-length", "125,625");

        Assert.Contains("Table 4", markdown);
        Assert.Contains("| 125 | 3 conv. |", markdown);
        Assert.Contains("| 625 | 4 conv. |", markdown);
        Assert.Contains("| 23.34 | 34.18 |", markdown);
        Assert.Contains("| 15625 | not run", markdown);
        Assert.Contains("networks 1d;", markdown);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, SerStudy.JsonFileName)));
        Assert.Equal(["125", "625"], json.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("value").GetString()));
        Assert.True(new FileInfo(Path.Combine(output, SerStudy.PlotFileName)).Length > 1000);
    }

    [Fact]
    public void Backbone_WeightsFromAFolder_AndAWarningOnceForTheOneTrainedFromRandomInitialisation()
    {
        using var corpus = new PipelineCorpus(perSpeaker: 2);
        var weights = corpus.Folder.File("weights");
        Directory.CreateDirectory(weights);
        using (var imageNetLike = new TorchvisionResnet18(new Backbone2dOptions { Classes = 1000 }))
            imageNetLike.save_py(Path.Combine(weights, "resnet18-torchvision.pth"));

        var (result, markdown, _) = RunStudy(corpus, "backbone", "resnet18-torchvision,alexnet", "--backbone-weights", weights);

        var warnings = result.Error.Split('\n').Where(l => l.Contains("warning:", StringComparison.Ordinal)).ToArray();
        Assert.Single(warnings);
        Assert.Contains("alexnet", warnings[0]);
        Assert.Contains("random initialisation", warnings[0]);
        Assert.Contains("alexnet-owt-7be5be79.pth", warnings[0]);
        // The protocol line says what each value runs: the 2D network alone, not the experiment's three networks.
        Assert.Contains(result.ErrorLines, l => l.StartsWith("protocol: ", StringComparison.Ordinal) && l.Contains("networks 2d (resnet18-torchvision", StringComparison.Ordinal) && !l.Contains("1d", StringComparison.Ordinal));
        Assert.Contains("Table 5", markdown);
        Assert.Contains("| resnet18-torchvision | resnet18-torchvision, initialised from resnet18-torchvision.pth |", markdown);
        Assert.Contains("| alexnet | alexnet, random initialisation |", markdown);
        Assert.Contains("| 29.24 | 42.29 |", markdown);
    }

    [Theory]
    [InlineData("segment-length", "100")]
    [InlineData("backbone", "resnet34")]
    [InlineData("clip-depth", "0")]
    public void AValueTheStudyCannotRun_IsAUsageErrorNamingIt(string study, string value)
    {
        using var folder = new TempDirectory();

        var result = CliRunner.InProcess("study", study, "--data", folder.File("m.csv"), "--values", value, "--out", folder.File("o"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"'{value}'", result.Error);
    }

    // One study on the tiny corpus (the split protocol, one epoch of the fast preset, seeded, one thread), which must
    // succeed: what it printed, its report and its output folder.
    private static (CliResult Result, string Markdown, string Output) RunStudy(PipelineCorpus corpus, string study, string values, params string[] more)
    {
        var output = corpus.Folder.File("study");
        var result = CliRunner.InProcess(["study", study, "--data", corpus.ManifestPath, "--protocol", "split", "--values", values, "--out", output,
            "--preset", "fast", "--epochs", "1", "--seed", "1", "--threads", "1", .. more]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        return (result, File.ReadAllText(Path.Combine(output, SerStudy.MarkdownFileName)), output);
    }
}
