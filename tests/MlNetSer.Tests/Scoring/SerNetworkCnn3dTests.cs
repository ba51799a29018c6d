using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Models;
using MlNetSer.Tests.Training;
using MlNetSer.Training;
using MlNetSer.Transforms;

namespace MlNetSer.Tests.Scoring;

[Collection(TrainingCollection.Name)]
public sealed class SerNetworkCnn3dTests
{
    [Fact]
    public void A3dNetwork_AskedForGpu0WithFallback_TrainsAndScoresOnTheCpu_LikeACpuOnlyOne()
    {
        using var corpus = new ToneCorpus(utterancesPerClass: 10, seconds: 1.0);
        var ml = new MLContext(seed: 1);
        var data = corpus.Load(ml);
        var clips = ml.Transforms.SerLoadAudio("Samples", "Path")
            .Append(ml.Transforms.SerMelSegments("Mel", "Samples"))
            .Append(ml.Transforms.SerMelClips("Clips", "Mel"))
            .Append(ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label"))
            .Fit(data)
            .Transform(data);
        // Materialise the clips once: both fits read the same rows without decoding the audio again.
        clips = ml.Data.Cache(clips);

        SerNetworkOptions Options(int? gpu, bool fallback) => new()
        {
            Network = NetworkKind.Cnn3d,
            SegmentColumnName = "Clips",
            LabelColumnName = "LabelKey",
            SpeakerColumnName = "Speaker",
            GpuDeviceId = gpu,
            FallbackToCpu = fallback,
            Trainer = new TrainerOptions { Epochs = 10, BatchSize = 8, Seed = 5, Patience = 0 },
        };
        using var gpuModel = ml.Transforms.SerTrainNetwork(Options(0, true)).Fit(clips);
        using var cpuModel = ml.Transforms.SerTrainNetwork(Options(null, false)).Fit(clips);

        var gpuScores = gpuModel.Transform(clips).GetColumn<float[]>("Score").ToArray();
        var cpuScores = cpuModel.Transform(clips).GetColumn<float[]>("Score").ToArray();
        Assert.Equal(gpuModel.GetOnnxModel(), cpuModel.GetOnnxModel());
        Assert.Equal(cpuScores, gpuScores);
        Assert.All(gpuScores, s => Assert.Equal(1.0, s.Sum(), 5));
        Assert.Equal(256, gpuModel.Transform(clips).GetColumn<float[]>("Features").First().Length);

        var keys = clips.GetColumn<uint>("LabelKey").ToArray();
        var correct = keys.Zip(gpuScores).Count(p => Array.IndexOf(p.Second, p.Second.Max()) == p.First - 1);
        Assert.True(correct >= 0.8 * keys.Length, $"{correct} of {keys.Length} right (chance: half)");
    }
}
