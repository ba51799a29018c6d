using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Data;
using MlNetSer.Pipeline;
using MlNetSer.Tests.Training;

namespace MlNetSer.Tests.Pipeline;

/// <summary>How the fusions' data is made (out-of-fold, held-out) and what refitting changes, on a 1D-only model.</summary>
[Collection(TrainingCollection.Name)]
public sealed class FusionFittingTests : IDisposable
{
    private readonly PipelineCorpus _corpus = new(perSpeaker: 2, seconds: 0.6);
    private readonly ProtocolFold _fold;
    private readonly IReadOnlyList<string> _labels;

    public FusionFittingTests()
    {
        var manifest = SerManifest.Read(_corpus.ManifestPath);
        _labels = manifest.Labels;
        _fold = FixedSplit.Split(manifest.Entries, new FixedSplitOptions { Seed = 2 });
    }

    public void Dispose() => _corpus.Dispose();

    private SerPipelineOptions Options() => new()
    {
        Networks = ["1d"],
        Preset = SerPipelinePreset.Fast,
        Epochs = 2,
        Seed = 4,
        Threads = 1,
        Baseline = false,
    };

    [Fact]
    public void OutOfFold_FitsTheScoreFusionOnEveryTrainingAndValidationSpeaker_EachScoredByNetworksThatNeverSawIt_AndTheFeatureFusionOnTheFinalNetworksFeatures()
    {
        var options = Options();
        options.FusionFitting = FusionFitting.OutOfFold;
        options.FusionFolds = 2;
        var trainedOn = new List<string>();
        var progress = new SerFitProgress(Training: new Recorder(p => trainedOn.Add(p.Network)));

        var result = new SerPipelineTrainer(options).Fit(_fold.Training, _fold.Validation, _labels, progress);
        using var model = result.Model;

        var speakers = result.FusionData.GetColumn<string>(SerColumns.Speaker).ToArray();
        Assert.Equal(_fold.Training.Count + _fold.Validation.Count, speakers.Length);
        Assert.Equal(_fold.TrainingSpeakers.Concat(_fold.ValidationSpeakers).Order(), speakers.Distinct().Order());
        Assert.Equal(speakers.Length, result.ScoreFusion.FitCount);
        // The final network, then one per speaker group of the training speakers.
        Assert.Equal(["1d", "1d (fold 1/2)", "1d (fold 2/2)"], trainedOn.Distinct());

        // The feature fusion reads features in the final network's basis: its validation speakers' rows, not the
        // out-of-fold networks' features of the training speakers.
        var validation = ManifestDataView.Load(new MLContext(1), _fold.Validation);
        Assert.Equal(_fold.Validation.Count, result.FeatureFusionData.GetColumn<string>(SerColumns.Speaker).Count());
        Assert.Equal(result.NetworkModel.Transform(validation).GetColumn<float[]>(SerColumns.Features1d),
            result.FeatureFusionData.GetColumn<float[]>(SerColumns.Features1d));
        Assert.Equal(result.FusionData.GetColumn<float[]>(SerColumns.Features1d).TakeLast(_fold.Validation.Count),
            result.FeatureFusionData.GetColumn<float[]>(SerColumns.Features1d));
    }

    [Fact]
    public void Refit_TrainsTheNetworksAgainOnEverySpeaker_AfterTheFusionsAreFitted()
    {
        var plain = new SerPipelineTrainer(Options()).Fit(_fold.Training, _fold.Validation, _labels);
        var options = Options();
        options.RefitNetworks = true;
        var refitted = new SerPipelineTrainer(options).Fit(_fold.Training, _fold.Validation, _labels);
        using var plainModel = plain.Model;
        using var refittedModel = refitted.Model;

        // The fusions learnt from the same outputs (the first networks'), the saved networks differ.
        Assert.Equal(plain.FusionData.GetColumn<float[]>(SerColumns.Score1d), refitted.FusionData.GetColumn<float[]>(SerColumns.Score1d));
        Assert.Equal(plain.ScoreFusion.Weights, refitted.ScoreFusion.Weights);
        var ml = new MLContext(1);
        var test = ManifestDataView.Load(ml, _fold.Test);
        Assert.NotEqual(plain.Model.Transform(test).GetColumn<float[]>(SerColumns.Score1d), refitted.Model.Transform(test).GetColumn<float[]>(SerColumns.Score1d));

        // The feature fusion reads features in the basis of the networks it is applied to: without a refit the fusion
        // data's, after one the refit networks' features of the same utterances.
        Assert.Same(plain.FusionData, plain.FeatureFusionData);
        var validation = ManifestDataView.Load(ml, _fold.Validation);
        Assert.Equal(refitted.FusionData.GetColumn<string>(SerColumns.Speaker), refitted.FeatureFusionData.GetColumn<string>(SerColumns.Speaker));
        Assert.Equal(refitted.NetworkModel.Transform(validation).GetColumn<float[]>(SerColumns.Features1d),
            refitted.FeatureFusionData.GetColumn<float[]>(SerColumns.Features1d));
        Assert.NotEqual(refitted.FusionData.GetColumn<float[]>(SerColumns.Features1d), refitted.FeatureFusionData.GetColumn<float[]>(SerColumns.Features1d));
    }

    private sealed class Recorder(Action<SerPipelineProgress> report) : IProgress<SerPipelineProgress>
    {
        public void Report(SerPipelineProgress value) => report(value);
    }
}
