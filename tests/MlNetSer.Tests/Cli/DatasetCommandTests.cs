using MlNetSer.Cli;
using MlNetSer.Data;
using MlNetSer.Tests.Data.Formats;

namespace MlNetSer.Tests.Cli;

public sealed class DatasetCommandTests
{
    [Fact]
    public void WritesTheManifestAndPrintsCountsPerLabelAndSpeaker()
    {
        using var corpus = new FakeCorpus().Wav("wav/03a01Fa.wav", "wav/03a02Fb.wav", "wav/03a01Wa.wav", "wav/08b10Lb.wav", "wav/08a05Nc.wav");
        var csv = corpus.PathOf("out/emodb.csv");

        var result = CliRunner.InProcess("dataset", corpus.Root, "--format", "emodb", "--out", csv);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("", result.Error);
        var manifest = SerManifest.Read(csv);
        Assert.Equal(["anger", "boredom", "joy", "neutral"], manifest.Labels);
        Assert.Equal(["03", "08"], manifest.Speakers);
        Assert.Contains("5 utterances, 4 labels, 2 speakers", result.Output, StringComparison.Ordinal);
        Assert.Contains(result.Output.Split('\n'), line => Cells(line) is ["joy", "2"]);
        Assert.Contains(result.Output.Split('\n'), line => Cells(line) is ["03", "3", "2"]);
    }

    [Fact]
    public void PrintsSplitColumnsKeepsALabelSubsetAndExitsTwoWhenFilesWereReported()
    {
        using var corpus = new FakeCorpus()
            .Wav("Train/Angry/000000001.avi", "Train/Angry/000000002.avi", "Train/Happy/000000003.avi", "Val/Angry/000000004.avi",
                 "Val/Neutral/000000005.avi", "Test/000000006.avi");
        var csv = corpus.PathOf("afew.csv");

        var result = CliRunner.InProcess("dataset", corpus.Root, "--format", "afew", "--out", csv, "--labels", "angry,happy");

        Assert.Equal(ExitCodes.SomeInputsFailed, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("warning: skipped " + corpus.PathOf("Test/000000006.avi") + ": ", StringComparison.Ordinal));
        Assert.Contains(result.Output.Split('\n'), line => Cells(line) is ["anger", "2", "1", "3"]);
        Assert.Contains(result.Output.Split('\n'), line => Cells(line) is ["all", "3", "1", "4"]);
        Assert.Contains("left out by --labels: neutral 1", result.Output, StringComparison.Ordinal);
        Assert.Contains("speakers: 4, one utterance each", result.Output, StringComparison.Ordinal);
        var manifest = SerManifest.Read(csv);
        Assert.Equal([ManifestSplit.Train, ManifestSplit.Train, ManifestSplit.Train, ManifestSplit.Test], manifest.Entries.Select(e => e.Split));
    }

    [Fact]
    public void NoUsableFileExitsThreeAndWritesNothing()
    {
        using var corpus = new FakeCorpus().Wav("wav/notes.wav");
        var csv = corpus.PathOf("emodb.csv");

        var result = CliRunner.InProcess("dataset", corpus.Root, "--format", "emodb", "--out", csv);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains("no usable emodb files", StringComparison.Ordinal));
        Assert.False(File.Exists(csv));
    }

    [Theory]
    [InlineData("--format", "iemocap")]
    [InlineData("--labels", "anger,excited")]
    [InlineData("--speaker-pattern", "^(?<speaker>s\\d+)_")]
    public void BadOptionsAreUsageErrors(string option, string value)
    {
        using var corpus = new FakeCorpus().Wav("wav/03a01Fa.wav");
        string[] format = option == "--format" ? [] : ["--format", "emodb"];

        var result = CliRunner.InProcess(["dataset", corpus.Root, .. format, "--out", corpus.PathOf("x.csv"), option, value]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void DataInputRejectsAFolderWithoutFormatAndAFormatWithAFileBeforeReadingAnything()
    {
        using var corpus = new FakeCorpus().Wav("wav/03a01Fa.wav");
        var csv = corpus.PathOf("m.csv");
        File.WriteAllText(csv, "path,label,speaker\nwav/03a01Fa.wav,joy,03\n");
        var model = corpus.PathOf("model.zip");

        var folderWithoutFormat = CliRunner.InProcess("train", "--data", corpus.Root, "--out", model);
        var formatWithFile = CliRunner.InProcess("evaluate", "--data", csv, "--format", "emodb", "--model", model);
        var unknownLabel = CliRunner.InProcess("experiment", "--data", csv, "--labels", "excited", "--out", corpus.PathOf("report"));

        Assert.Equal(ExitCodes.Usage, folderWithoutFormat.ExitCode);
        Assert.Contains("is a folder: add --format", folderWithoutFormat.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, formatWithFile.ExitCode);
        Assert.Contains("is a file", formatWithFile.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, unknownLabel.ExitCode);
        Assert.Contains("'excited'", unknownLabel.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void HelpNamesEveryFormatAndGivesAnExample()
    {
        var result = CliRunner.InProcess("dataset", "--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("Examples:", result.Output, StringComparison.Ordinal);
        Assert.Contains("  mlnetser dataset ", result.Output, StringComparison.Ordinal);
        Assert.All(MlNetSer.Data.Formats.DatasetFormats.Names, name => Assert.Contains(name, result.Output, StringComparison.Ordinal));
    }

    // The cells of a Spectre table row (│ a │ b │), empty for other lines.
    private static string[] Cells(string line)
        => line.Contains('│') ? line.Split('│', StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToArray() : [];
}
