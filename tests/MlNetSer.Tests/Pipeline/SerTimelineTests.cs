using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Features;
using MlNetSer.Pipeline;
using MlNetSer.Transforms;
using MlNetSer.Tests.TestSupport;
using MlNetSer.Tests.Training;

namespace MlNetSer.Tests.Pipeline;

/// <summary>
/// Emotion over time (<see cref="SerTimeline"/>, <c>predict --timeline</c>) from the fixture's saved 1D + 3D model,
/// on a 2.5 s and a 10 ms clip besides the corpus's 1 s files.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class SerTimelineTests(TrainedPipeline trained) : IClassFixture<TrainedPipeline>, IDisposable
{
    private const double Rate = PipelineCorpus.SampleRate;
    private readonly TempDirectory _audio = new();

    public void Dispose() => _audio.Dispose();

    [Fact]
    public void Timeline_OfTheLoadedModel_PutsEachNetworksSegmentsOnTheAudiosTimeAxis()
    {
        var model = trained.Ml.Model.Load(trained.ModelPath, out _);
        var features = SerModelInspector.FindFeatureOptions(model)!;
        Assert.Equal((625, 625, 551, 220, 64, 30, 4, TrainedPipeline.ClipFrameHop), (features.Waveform.SegmentLength, features.Waveform.Hop,
            features.Mel.WindowLength, features.Mel.HopLength, features.Mel.SegmentFrames, features.Mel.SegmentHop, features.Clip.Depth,
            features.Clip.FrameHop));

        var result = SerTimeline.FromModel(trained.Ml, model).Compute(Clip("long.wav", 55125));

        Assert.Equal(2.5, result.Duration, 12);
        Assert.Equal(["1d", "3d"], result.Networks.Select(n => n.Network));
        // 1D: 55 125 / 625 = 88 whole segments; segment i is [625 i, 625 (i + 1)) samples.
        var wave = result.Networks[0].Segments;
        Assert.Equal(88, wave.Count);
        for (var i = 0; i < wave.Count; i++)
        {
            Assert.Equal(625 * i / Rate, wave[i].Start, 12);
            Assert.Equal(625 * (i + 1) / Rate, wave[i].End, 12);
        }

        // 2D grid: 1 + (55 125 − 551) / 220 = 249 frames, 1 + (249 − 64) / 30 = 7 segments; segment j is
        // [6 600 j, (30 j + 63)·220 + 551). 3D, its segments cut every 10 frames: 1 + (249 − 64) / 10 = 19 segments,
        // 19 − 4 + 1 = 16 clips, clip k from [2 200 k to (10 (k + 3) + 63)·220 + 551).
        var fused = result.Fused!;
        Assert.Equal(7, fused.Count);
        for (var j = 0; j < fused.Count; j++)
        {
            Assert.Equal(6600 * j / Rate, fused[j].Start, 12);
            Assert.Equal(((30 * j + 63) * 220 + 551) / Rate, fused[j].End, 12);
        }

        var clips = result.Networks[1].Segments;
        Assert.Equal(16, clips.Count);
        Assert.Equal((0, 21011 / Rate), (clips[0].Start, clips[0].End));
        Assert.Equal((33000 / Rate, 54011 / Rate), (clips[15].Start, clips[15].End));
    }

    [Fact]
    public void Timeline_EachNetworksMean_IsItsUtteranceScore_AndEveryPointSumsToOne()
    {
        var paths = trained.TestPaths.Take(2).Append(Clip("long.wav", 55125)).ToArray();
        var scored = trained.Result.Model.Transform(trained.PathData(paths));
        var timeline = SerTimeline.FromModel(trained.Ml, trained.Ml.Model.Load(trained.ModelPath, out _));

        foreach (var network in new[] { "1d", "3d" })
        {
            var scores = scored.GetColumn<float[]>(SerNetworkId.Parse(network).ScoreColumnName).ToArray();
            for (var i = 0; i < paths.Length; i++)
            {
                var result = timeline.Compute(paths[i]);
                var segments = result.Networks.Single(n => n.Network == network);
                Assert.Equal(scores[i], segments.Mean(), (a, b) => Math.Abs(a - b) < 1e-5f);
                Assert.All(segments.Segments.Concat(result.Fused!), s => Assert.Equal(1.0, s.Probabilities.Sum(), 5));
            }
        }
    }

    [Fact]
    public void Timeline_OfAClipShorterThanOneSegment_IsOnePointEqualToTheFusedUtteranceScore()
    {
        var path = Clip("short.wav", 220);
        var score = trained.Result.Model.Transform(trained.PathData([path])).GetColumn<float[]>(SerColumns.Score).Single();

        var result = SerTimeline.FromModel(trained.Ml, trained.Result.Model).Compute(path);

        // Every network has one (zero-padded) segment ending with the audio, so the λ-weighted cell is Eq. 1 itself.
        Assert.All(result.Networks, n => Assert.Equal((0, 220 / Rate), (Assert.Single(n.Segments).Start, n.Segments[0].End)));
        var cell = Assert.Single(result.Fused!);
        Assert.Equal((0, 220 / Rate), (cell.Start, cell.End));
        Assert.Equal(score, cell.Probabilities, (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public void PredictTimeline_Json_AddsATimelineToEachFile_AndGoesOnPastABadOne()
    {
        var bad = _audio.Write("broken.wav", "RIFF but not really a wave file"u8.ToArray());
        var good = trained.TestPaths.Take(2).ToArray();

        var run = CliRunner.InProcess("predict", "--model", trained.ModelPath, "--json", "--timeline", good[0], bad, good[1]);

        Assert.True(run.ExitCode == 2, run.Error);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.Contains("broken.wav", lines[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        var expected = SerTimeline.FromModel(trained.Ml, trained.Result.Model);
        foreach (var (line, path) in new[] { (lines[0], good[0]), (lines[2], good[1]) })
        {
            Assert.Equal(["path", "label", "device", "scores", "networks", "feature_fusion", "timeline"], line.EnumerateObject().Select(p => p.Name));
            var timeline = line.GetProperty("timeline");
            Assert.Equal(1.0, timeline.GetProperty("duration").GetDouble(), 12);
            Assert.Equal("2d", timeline.GetProperty("grid").GetString());
            var networks = timeline.GetProperty("networks");
            Assert.Equal(["1d", "3d"], networks.EnumerateObject().Select(p => p.Name));
            // 1 s: 22 050 / 625 = 35 waveform segments; 98 frames make 2 Mel segments and 1 clip.
            Assert.Equal((35, 1, 2), (networks.GetProperty("1d").GetArrayLength(), networks.GetProperty("3d").GetArrayLength(),
                timeline.GetProperty("fused").GetArrayLength()));
            var reference = expected.Compute(path);
            foreach (var (json, segments) in new[] { (networks.GetProperty("1d"), reference.Networks[0].Segments), (timeline.GetProperty("fused"), reference.Fused!) })
            {
                for (var i = 0; i < segments.Count; i++)
                {
                    var point = json[i];
                    Assert.Equal(segments[i].Start, point.GetProperty("start").GetDouble(), 12);
                    Assert.Equal(segments[i].End, point.GetProperty("end").GetDouble(), 12);
                    var probabilities = PipelineCorpus.Labels.Select(l => point.GetProperty("scores").GetProperty(l).GetSingle()).ToArray();
                    Assert.Equal(segments[i].Probabilities, probabilities);
                    Assert.Equal(PipelineCorpus.Labels[Array.IndexOf(probabilities, probabilities.Max())], point.GetProperty("label").GetString());
                }
            }
        }
    }

    [Fact]
    public void PredictTimeline_Text_PrintsATableOfTheFusedGridAfterEachLine()
    {
        var run = CliRunner.InProcess("predict", "--model", trained.ModelPath, "--timeline", trained.TestPaths[0]);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("score fusion anger=", run.Output, StringComparison.Ordinal);
        Assert.Contains("emotion over time", run.Output, StringComparison.Ordinal);
        // The two Mel segments of a 1 s file: [0, 14 411) and [6 600, 21 011) samples.
        Assert.Contains("0.00-0.65", run.Output, StringComparison.Ordinal);
        Assert.Contains("0.30-0.95", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void PredictHelp_DescribesTheTimeline()
    {
        var run = CliRunner.InProcess("predict", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--timeline", run.Output, StringComparison.Ordinal);
    }

    private string Clip(string name, int samples)
    {
        var signal = new float[samples];
        for (var n = 0; n < samples; n++)
            signal[n] = (float)(0.4 * Math.Sin(2 * Math.PI * (n < samples / 2 ? 220 : 2640) * n / Rate));
        return new WavBuilder { SampleRate = (uint)Rate, Data = WavBuilder.Int16(signal) }.WriteTo(_audio.Path, name);
    }
}
