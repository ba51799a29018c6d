using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Data;
using MlNetSer.Features;
using MlNetSer.Pipeline;
using MlNetSer.Tests.Training;
using MlNetSer.Transforms;

namespace MlNetSer.Tests.Pipeline;

/// <summary>
/// <c>SerFusedNetworks</c> composed by hand in an ML.NET chain: it refuses inputs it would silently get wrong (tensors
/// made with other feature options than it trains on, a validation set of the training speakers, a missing column)
/// before any network trains, and it fits on its own speaker hold-out.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class SerFusedNetworksTests : IDisposable
{
    private readonly PipelineCorpus _corpus = new(perSpeaker: 2);
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _corpus.Dispose();

    private IDataView Training => ManifestDataView.Load(_ml, SerManifest.Read(_corpus.ManifestPath).Entries.Where(e => e.Split != ManifestSplit.Test));

    private static SerPipelineOptions Options() => new()
    {
        Networks = ["1d"], Preset = SerPipelinePreset.Fast, Epochs = 1, Seed = 1, Baseline = false,
        CacheDirectory = Path.Combine(Path.GetTempPath(), "mlnetser-fused-tests"),
    };

    private IEstimator<ITransformer> FrontEnd(FeatureOptions features)
        => _ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(_ml.Transforms.SerLoadAudio("Samples", "Path"))
            .Append(_ml.Transforms.SerFeatures("Waveform", "Mel", "Clips", "Samples", features));

    [Fact]
    public void Fit_RefusesTensorColumnsMadeWithOtherFeatureOptions_NamingTheColumnAndTheFile()
    {
        var options = Options();
        var other = new FeatureOptions { Waveform = new WaveformSegmentOptions { SegmentLength = 400, Hop = 400 } };
        var pipeline = FrontEnd(other).Append(_ml.MulticlassClassification.Trainers.SerFusedNetworks(options));

        var error = Assert.Throws<InvalidOperationException>(() => pipeline.Fit(Training));

        Assert.Contains("'Waveform'", error.Message, StringComparison.Ordinal);
        Assert.Contains(".wav", error.Message, StringComparison.Ordinal);
        Assert.Contains("Options.Features", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_RefusesAValidationSetThatSharesASpeaker()
    {
        var front = FrontEnd(new FeatureOptions()).Fit(Training);
        var validation = front.Transform(Training);
        var pipeline = FrontEnd(new FeatureOptions()).Append(_ml.MulticlassClassification.Trainers.SerFusedNetworks(Options(), validation));

        var error = Assert.Throws<ArgumentException>(() => pipeline.Fit(Training));

        Assert.Contains("share speaker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NamesAMissingTensorColumn_AndAnUnkeyedLabel()
    {
        var noFeatures = _ml.Transforms.Conversion.MapValueToKey("Label").Append(_ml.MulticlassClassification.Trainers.SerFusedNetworks(Options()));
        var textLabel = _ml.Transforms.SerLoadAudio("Samples", "Path").Append(_ml.Transforms.SerFeatures("Waveform", "Mel", "Clips", "Samples"))
            .Append(_ml.MulticlassClassification.Trainers.SerFusedNetworks(Options()));

        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => noFeatures.Fit(Training));
        var unkeyed = Assert.ThrowsAny<ArgumentException>(() => textLabel.Fit(Training));

        Assert.Contains("'Waveform'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("SerFeatures", missing.Message, StringComparison.Ordinal);
        Assert.Contains("Label", unkeyed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_WithoutAValidationSet_HoldsOutWholeSpeakers_AndTheFusionsSeeOnlyThem()
    {
        var pipeline = FrontEnd(new FeatureOptions()).Append(_ml.MulticlassClassification.Trainers.SerFusedNetworks(Options()));

        var model = pipeline.Fit(Training);

        var fused = model.OfType<SerFusedNetworksTransformer>().Single();
        var fusionSpeakers = fused.FusionData.GetColumn<string>(SerColumns.Speaker).Distinct().ToArray();
        Assert.Single(fusionSpeakers);   // 20 % of the five training speakers
        Assert.Equal(fusionSpeakers.Length * 3 * 2, fused.FusionData.GetColumn<string>(SerColumns.Speaker).Count());
        Assert.Equal(PipelineCorpus.Labels, fused.Labels);
        Assert.Equal(["1d"], fused.Training.Keys);
        var scored = model.Transform(Training);
        Assert.All(scored.GetColumn<float[]>(SerColumns.Score), s => Assert.Equal(1.0, s.Sum(), 4));
    }
}
