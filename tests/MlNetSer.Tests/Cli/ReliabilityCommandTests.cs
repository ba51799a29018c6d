using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using MlNetSer.Cli;
using MlNetSer.IO;
using MlNetSer.Tests.Training;
using MlNetSer.Tests.Pipeline;
using MlNetSer.Tests.TestSupport;

namespace MlNetSer.Tests.Cli;

/// <summary>
/// A small corpus (18 one-second files) plus bad rows: two empty WAVs, a path out of the corpus to a file that is not
/// audio, a folder and (where possible) a FIFO. <c>train</c> once on it (1d, one epoch) is the fixture.
/// </summary>
public sealed class BadRowsCorpus : IDisposable
{
    public BadRowsCorpus()
    {
        var lines = File.ReadAllLines(Corpus.ManifestPath).ToList();
        File.WriteAllBytes(Corpus.Folder.File("empty1.wav"), []);
        File.WriteAllBytes(Corpus.Folder.File("empty2.wav"), []);
        Directory.CreateDirectory(Corpus.Folder.File("folder.wav"));
        lines.AddRange(["empty1.wav,joy,s1,train", "empty2.wav,sad,s2,train", "../../../../../../../../etc/hostname,joy,s3,train", "folder.wav,joy,s3,train"]);
        BadFiles = ["empty1.wav", "empty2.wav", "/etc/hostname", "folder.wav"];
        if (SpecialFiles.CanMakeFifo)
        {
            SpecialFiles.MakeFifo(Corpus.Folder.File("fifo.wav"));
            lines.Add("fifo.wav,anger,s4,train");
            BadFiles = [.. BadFiles, "fifo.wav"];
        }

        ManifestPath = Corpus.Folder.File("bad-rows.csv");
        File.WriteAllLines(ManifestPath, lines);
        ModelPath = Corpus.Folder.File("model.zip");
        Train = SpecialFiles.WithoutBlocking(() => CliRunner.InProcess("train", "--data", ManifestPath, "--out", ModelPath, "--networks", "1d",
            "--preset", "fast", "--epochs", "1", "--seed", "1", "--threads", "1", "--no-plots"));
    }

    internal PipelineCorpus Corpus { get; } = new(perSpeaker: 1);

    public string ManifestPath { get; }

    public string ModelPath { get; }

    public string[] BadFiles { get; }

    internal CliResult Train { get; }

    public void Dispose() => Corpus.Dispose();
}

[Collection(TrainingCollection.Name)]
public sealed class ReliabilityCommandTests(BadRowsCorpus corpus) : IClassFixture<BadRowsCorpus>
{
    [Fact]
    public void Train_LeavesOutEachBadRowOnce_AndExitsTwo()
    {
        Assert.True(corpus.Train.ExitCode == ExitCodes.SomeInputsFailed, corpus.Train.Error);
        AssertEachBadRowReportedOnce(corpus.Train);
        Assert.True(File.Exists(corpus.ModelPath));
    }

    [Fact]
    public void Evaluate_LeavesOutEachBadRowOnce_AndExitsTwo()
    {
        var result = SpecialFiles.WithoutBlocking(() => CliRunner.InProcess("evaluate", "--model", corpus.ModelPath, "--data", corpus.ManifestPath, "--split", "all", "--json"));

        Assert.True(result.ExitCode == ExitCodes.SomeInputsFailed, result.Error);
        AssertEachBadRowReportedOnce(result);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(18, json.RootElement.GetProperty("results").GetProperty("1d").GetProperty("count").GetInt32());
    }

    [Fact]
    public void Experiment_LeavesOutEachBadRowOnce_AndExitsTwo()
    {
        var output = corpus.Corpus.Folder.File("results");

        var result = SpecialFiles.WithoutBlocking(() => CliRunner.InProcess("experiment", "--data", corpus.ManifestPath, "--protocol", "split", "--out", output,
            "--networks", "1d", "--preset", "fast", "--epochs", "1", "--seed", "1", "--threads", "1", "--json"));

        Assert.True(result.ExitCode == ExitCodes.SomeInputsFailed, result.Error);
        AssertEachBadRowReportedOnce(result);
        Assert.True(File.Exists(Path.Combine(output, "results.json")));
    }

    [Fact]
    public void Evaluate_RowsWithALabelTheModelDoesNotKnow_ExitTwo()
    {
        var manifest = corpus.Corpus.Folder.File("unknown-label.csv");
        File.WriteAllLines(manifest, ["path,label,speaker", "s1-anger-0.wav,anger,s1", "s1-joy-0.wav,boredom,s1"]);

        var result = CliRunner.InProcess("evaluate", "--model", corpus.ModelPath, "--data", manifest);

        Assert.True(result.ExitCode == ExitCodes.SomeInputsFailed, result.Error);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("warning: 1 row(s) have a label the model does not know", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSavedModelCarriesChecksums_WhichMlNetIgnores_AndAnUncheckedZipStillLoads()
    {
        using (var zip = ZipFile.OpenRead(corpus.ModelPath))
            Assert.NotNull(zip.GetEntry(SerModelFile.ChecksumEntryName));
        Assert.Equal(ModelChecksumStatus.Verified, SerModelFile.Verify(corpus.ModelPath));
        var ml = new MLContext(1);
        var plain = ml.Model.Load(corpus.ModelPath, out var schema);

        // Saved by plain Model.Save: no checksums, loads unchecked.
        var unchecked_ = corpus.Corpus.Folder.File("plain.zip");
        ml.Model.Save(plain, schema, unchecked_);
        SerModelFile.Load(ml, unchecked_, out _, out var status);
        Assert.Equal(ModelChecksumStatus.NotRecorded, status);
        Assert.True(CliRunner.InProcess("predict", "--model", unchecked_, corpus.Corpus.Folder.File("s6-joy-0.wav")).ExitCode == ExitCodes.Ok);
    }

    [Fact]
    public void AModelWhoseOnnxWeightsWereAltered_FailsToLoad_NamingThePart()
    {
        var tampered = corpus.Corpus.Folder.File("tampered.zip");
        File.Copy(corpus.ModelPath, tampered, overwrite: true);
        string part;
        using (var zip = ZipFile.Open(tampered, ZipArchiveMode.Update))
        {
            // The largest part is the 1D network's ONNX model: overwrite 40 KB of its weights with NaN, as in the issue.
            var entry = zip.Entries.Where(e => e.FullName != SerModelFile.ChecksumEntryName).MaxBy(e => e.Length)!;
            part = entry.FullName;
            byte[] bytes;
            using (var read = entry.Open())
            using (var copy = new MemoryStream())
            {
                read.CopyTo(copy);
                bytes = copy.ToArray();
            }

            var nan = BitConverter.GetBytes(float.NaN);
            for (var i = bytes.Length / 2; i < bytes.Length / 2 + 40_000; i += 4)
                nan.CopyTo(bytes, i);
            entry.Delete();
            using var write = zip.CreateEntry(part).Open();
            write.Write(bytes);
        }

        var result = CliRunner.InProcess("predict", "--model", tampered, corpus.Corpus.Folder.File("s6-joy-0.wav"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Equal($"error: {tampered}: the model's part '{part}' (an embedded ONNX network) does not match the checksum saved with it (altered after saving); the model cannot be trusted. Save or copy it again.", line);
    }

    [Theory]
    [InlineData("folder", "is a folder, not a model zip.")]
    [InlineData("garbage", "not a model zip (")]
    public void AModelPathThatIsNoZip_IsOneClearLine_AndLeavesNoMlNetTemporaryFolder(string kind, string problem)
    {
        var path = corpus.Corpus.Folder.File($"{kind}.zip");
        if (kind == "folder")
            Directory.CreateDirectory(path);
        else
            File.WriteAllText(path, "not a zip");
        var before = Directory.GetDirectories(Path.GetTempPath(), "ml_dotnet_*").Length;

        var result = CliRunner.InProcess("evaluate", "--model", path, "--data", corpus.ManifestPath);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.StartsWith($"error: {path}: {problem}", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetDirectories(Path.GetTempPath(), "ml_dotnet_*").Length);
    }

    [Fact]
    public void Train_Json_WithTwoSpeakers_StopsEarlyOnTheValidationSpeaker_AndWritesNumbersNotTheStringNaN()
    {
        // Two speakers: one trains, the other is the validation speaker (early stopping and the fusions).
        var manifest = corpus.Corpus.Folder.File("two-speakers.csv");
        File.WriteAllLines(manifest, File.ReadAllLines(corpus.Corpus.ManifestPath).Where(l => l.StartsWith("path", StringComparison.Ordinal) || l.StartsWith("s1-", StringComparison.Ordinal) || l.StartsWith("s2-", StringComparison.Ordinal)).Select(l => l.Replace(",train", "", StringComparison.Ordinal).Replace(",split", "", StringComparison.Ordinal)));

        var result = CliRunner.InProcess("train", "--data", manifest, "--out", corpus.Corpus.Folder.File("two.zip"), "--networks", "1d",
            "--preset", "fast", "--epochs", "1", "--seed", "1", "--threads", "1", "--no-plots", "--json", "--validation-fraction", "0.5");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        Assert.DoesNotContain("\"NaN\"", result.Output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("networks").GetProperty("1d").GetProperty("validation_accuracy").ValueKind);
        Assert.Equal(1, json.RootElement.GetProperty("validation").GetProperty("speakers").GetInt32());
    }

    private void AssertEachBadRowReportedOnce(CliResult result)
    {
        foreach (var bad in corpus.BadFiles)
            Assert.Single(result.ErrorLines, l => l.StartsWith("warning: skipped", StringComparison.Ordinal) && l.Contains(bad, StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.StartsWith($"warning: {corpus.BadFiles.Length} manifest row(s) skipped", StringComparison.Ordinal));
    }
}
