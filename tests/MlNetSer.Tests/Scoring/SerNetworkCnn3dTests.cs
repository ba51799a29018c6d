using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Models;
using MlNetSer.Platform;
using MlNetSer.Tests.Platform;
using MlNetSer.Tests.Training;
using MlNetSer.Training;
using MlNetSer.Transforms;

namespace MlNetSer.Tests.Scoring;

[Collection(TrainingCollection.Name)]
public sealed class SerNetworkCnn3dTests
{
    [NoCudaFact]
    public void A3dNetwork_OnTheAutomaticDevice_WithoutCuda_TrainsAndScoresOnTheCpu_LikeAnExplicitCpuOne()
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

        SerNetworkOptions Options(SerDevice device) => new()
        {
            Network = NetworkKind.Cnn3d,
            SegmentColumnName = "Clips",
            LabelColumnName = "LabelKey",
            SpeakerColumnName = "Speaker",
            Device = device,
            Trainer = new TrainerOptions { Epochs = 10, BatchSize = 8, Seed = 5, Patience = 0 },
        };
        using var autoModel = ml.MulticlassClassification.Trainers.SerNetwork(Options(SerDevice.Auto)).Fit(clips);
        using var cpuModel = ml.MulticlassClassification.Trainers.SerNetwork(Options(SerDevice.Cpu)).Fit(clips);
        Assert.Equal(SerDevice.Cpu, autoModel.Training.Device);

        var autoScores = autoModel.Transform(clips).GetColumn<float[]>("Score").ToArray();
        var cpuScores = cpuModel.Transform(clips).GetColumn<float[]>("Score").ToArray();
        Assert.Equal(autoModel.GetOnnxModel(), cpuModel.GetOnnxModel());
        Assert.Equal(cpuScores, autoScores);
        Assert.All(autoScores, s => Assert.Equal(1.0, s.Sum(), 5));
        Assert.Equal(256, autoModel.Transform(clips).GetColumn<float[]>("Features").First().Length);

        var keys = clips.GetColumn<uint>("LabelKey").ToArray();
        var correct = keys.Zip(autoScores).Count(p => Array.IndexOf(p.Second, p.Second.Max()) == p.First - 1);
        Assert.True(correct >= 0.8 * keys.Length, $"{correct} of {keys.Length} right (chance: half)");
    }
}
