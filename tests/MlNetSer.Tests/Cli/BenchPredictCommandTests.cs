using System.Text.Json;
using MlNetSer.Cli;
using MlNetSer.Tests.TestSupport;
using MlNetSer.Tests.Training;

namespace MlNetSer.Tests.Cli;

[Collection(TrainingCollection.Name)]
public sealed class BenchPredictCommandTests
{
    [Fact]
    public void BenchPredict_TrainsATinyModelOnAGeneratedCorpus_AndPrintsPipelineAndOnnxRuntimeFigures()
    {
        using var folder = new TempDirectory();

        var result = CliRunner.InProcess("bench", "predict", "--files", "3", "--networks", "1d", "--preset", "fast", "--epochs", "1",
            "--warmup", "1", "--out", folder.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("files").GetInt32());
        var audio = root.GetProperty("audio_seconds").GetDouble();
        var pipeline = root.GetProperty("pipeline_seconds").GetDouble();
        Assert.InRange(audio, 3 * 1.5 - 0.1, 3 * 3.5 + 0.1);   // the demo corpus's utterances are 1.5–3.5 s
        Assert.True(pipeline > 0);
        Assert.Equal(audio / pipeline, root.GetProperty("real_time_factor").GetDouble(), 0.05 * audio / pipeline);
        // Rounded to 1 ms, the front end of three short files can print 0 on a fast run (seen once in CI).
        Assert.InRange(root.GetProperty("feature_seconds").GetDouble(), 0, pipeline + 0.001);

        // Every ONNX graph the model runs: the network, the baseline's statistics and the score fusion, and their sum.
        var onnx = root.GetProperty("onnx_seconds");
        Assert.Equal(["1d", "mel_statistics", "score_fusion", "total"], onnx.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var total = onnx.GetProperty("total").GetDouble();
        // Each of the three parts and the total is rounded to 1 ms on its own: the sum may be off by up to 4 × 0.5 ms.
        Assert.Equal(onnx.EnumerateObject().Where(p => p.Name != "total").Sum(p => p.Value.GetDouble()), total, 0.0025);
        // The printed seconds are rounded to 1 ms and the overhead is computed before rounding: it lies within their rounding.
        const double ms = 0.0005;
        Assert.InRange(root.GetProperty("overhead").GetDouble(), (pipeline - ms) / (total + ms) - 1 - ms, (pipeline + ms) / (total - ms) - 1 + ms);
        Assert.True(root.GetProperty("onnx_batched_seconds").GetProperty("1d").GetDouble() > 0);
        // 625-sample segments at 22 050 Hz: about 35 per second of audio.
        Assert.InRange(root.GetProperty("segments").GetProperty("1d").GetInt64(), (long)(audio * 22050 / 625) - 3, (long)(audio * 22050 / 625) + 3);
        Assert.Equal("cnn1d", root.GetProperty("networks").GetProperty("1d").GetString());
        Assert.True(File.Exists(root.GetProperty("model").GetString()));
        Assert.Contains("bench predict: scoring 3 files", result.Error);
    }

    [Theory]
    [InlineData("--files", "0")]
    [InlineData("--batch", "0")]
    [InlineData("--onnx-threads", "-1")]
    [InlineData("--backbone", "vgg")]
    public void BenchPredict_RefusesInvalidValues(string flag, string value)
    {
        var result = CliRunner.InProcess("bench", "predict", flag, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: ", result.Error);
        Assert.Empty(result.Output);
    }
}
