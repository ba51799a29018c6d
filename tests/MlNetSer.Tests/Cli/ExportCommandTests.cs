using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using MlNetSer.Cli;
using MlNetSer.Export;
using MlNetSer.Tests.Export;
using MlNetSer.Tests.TestSupport;

namespace MlNetSer.Tests.Cli;

/// <summary>The <c>export</c> and <c>bench export</c> commands on the three-network test model.</summary>
[Collection(FusedModelCollection.Name)]
public sealed class ExportCommandTests(FusedModelFixture fused)
{
    [Fact]
    public void Export_WritesOneGraphThatOnnxRuntimeLoads_AndSaysWhatItTakesAndGives()
    {
        using var folder = new TempDirectory();
        var onnx = folder.File("ser.onnx");

        var result = CliRunner.InProcess("export", "--model", fused.ModelPath, "--out", onnx);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        Assert.Contains("input samples [T] mono at 22050 Hz; networks 1d, 2d, 3d; classes anger, joy, sad", result.Output);
        using var session = new InferenceSession(onnx);
        Assert.Equal([SerFusedOnnx.SamplesInput], session.InputNames);
        foreach (var output in new[] { SerFusedOnnx.Probabilities, SerFusedOnnx.Label, SerFusedOnnx.FeatureFusionScores, "utt_probs_2d", "seg_probs_3d" })
        {
            Assert.Contains(output, session.OutputNames);
            Assert.Contains(output, result.Output);
        }

        Assert.Equal("[\"anger\",\"joy\",\"sad\"]", session.ModelMetadata.CustomMetadataMap["labels"]);
        Assert.Equal("22050", session.ModelMetadata.CustomMetadataMap[SerFusedOnnx.SampleRateKey]);
        Assert.Equal(["ser.onnx"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Export_Batch_WritesTheBatchedGraph_WithTheLengthsInputAndTheSegmentRows()
    {
        using var folder = new TempDirectory();
        var onnx = folder.File("ser-batch.onnx");

        var result = CliRunner.InProcess("export", "--model", fused.ModelPath, "--out", onnx, "--batch");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        Assert.Contains("input samples [B, T] and lengths [B] mono at 22050 Hz", result.Output);
        using var session = new InferenceSession(onnx);
        Assert.Equal([SerFusedOnnx.SamplesInput, SerFusedOnnx.LengthsInput], session.InputNames);
        Assert.Contains(SerFusedOnnx.SegmentRows("2d"), session.OutputNames);
    }

    [Fact]
    public void Export_OfAFileThatIsNotAModel_IsAnErrorNamingIt_AndWritesNothing()
    {
        using var folder = new TempDirectory();
        var notAModel = folder.File("notes.zip");
        File.WriteAllText(notAModel, "not a zip");
        var onnx = folder.File("ser.onnx");

        var result = CliRunner.InProcess("export", "--model", notAModel, "--out", onnx);

        Assert.NotEqual(ExitCodes.Ok, result.ExitCode);
        Assert.Contains(notAModel, result.Error);
        Assert.False(File.Exists(onnx));
    }

    [Fact]
    public void BenchExport_PrintsRealTimeFactorsOfTheGraphAndThePipelinePerThreadCount()
    {
        var manifest = fused.Corpus.Folder.File("bench-manifest.csv");
        File.WriteAllLines(manifest, ["path,label,speaker", .. fused.Fold.Test.Take(3).Select(e => $"{e.Path},{e.Label},{e.Speaker}")]);

        var result = CliRunner.InProcess("bench", "export", "--model", fused.ModelPath, "--data", manifest, "--files", "3", "--threads", "1",
            "--warmup", "1", "--rounds", "1", "--batch-size", "2", "--onnx", fused.Corpus.Folder.File("bench.onnx"));

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(3, json.RootElement.GetProperty("files").GetInt32());
        Assert.True(json.RootElement.GetProperty("audio_seconds").GetDouble() > 2.9);
        var row = Assert.Single(json.RootElement.GetProperty("rows").EnumerateArray());
        Assert.Equal(1, row.GetProperty("threads").GetInt32());
        Assert.True(row.GetProperty("graph_real_time").GetDouble() > 0);
        Assert.True(row.GetProperty("pipeline_real_time").GetDouble() > 0);
        Assert.True(row.GetProperty("batched_graph_real_time").GetDouble() > 0);
        Assert.Equal(2, json.RootElement.GetProperty("batch_size").GetInt32());
        Assert.True(File.Exists(json.RootElement.GetProperty("batched_onnx").GetString()));
    }
}
