using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Features;
using MlNetSer.Features.Store;
using MlNetSer.Models;
using MlNetSer.Tests.Training;
using MlNetSer.Training;
using MlNetSer.Transforms;

namespace MlNetSer.Tests.Scoring;

/// <summary><c>SerNetwork</c> fitted on segment sets read from a segment store, against the same data as a data view.</summary>
[Collection(TrainingCollection.Name)]
public sealed class SerNetworkFromStoreTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly int _threadsBefore = TorchSharp.torch.get_num_threads();

    public void Dispose()
    {
        TorchSharp.torch.set_num_threads(_threadsBefore);
        _folder.Dispose();
    }

    [Fact]
    public void FittingOnStoreSetsGivesTheSameModelAsFittingOnTheDataView()
    {
        using var corpus = new ToneCorpus(utterancesPerClass: 4, seconds: 0.15);
        var waveform = new WaveformSegmentOptions { SegmentLength = ToySegments.SegmentLength, Hop = ToySegments.SegmentLength };
        var ml = new MLContext(seed: 1);
        var data = corpus.Load(ml);
        var features = ml.Transforms.SerLoadAudio("Samples", "Path").Append(ml.Transforms.SerWaveformSegments("Waveform", "Samples", waveform)).Fit(data).Transform(data);
        var keyed = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label").Fit(features).Transform(features);
        SerNetworkOptions Options() => new()
        {
            Network = NetworkKind.Cnn1d,
            Cnn1d = new Cnn1dOptions { SegmentLength = ToySegments.SegmentLength, Hidden1 = 64, Hidden2 = 32 },
            SegmentColumnName = "Waveform",
            LabelColumnName = "LabelKey",
            SpeakerColumnName = "Speaker",
            Trainer = new TrainerOptions { Epochs = 2, Seed = 3, Threads = 1 },
        };
        using var fromView = ml.MulticlassClassification.Trainers.SerNetwork(Options()).Fit(keyed);

        var store = new SegmentStore(new SegmentStoreOptions { Directory = _folder.File("store"), Features = new FeatureOptions { Waveform = waveform } });
        var stored = store.Populate(corpus.Paths, [SegmentKind.Waveform]);
        var labels = fromView.Labels;
        using var set = SegmentDataset.FromStore(corpus.Rows.Zip(stored.Files).Select(p =>
            new StoredUtterance(p.First.Path, p.Second![SegmentKind.Waveform], labels.ToList().IndexOf(p.First.Label), p.First.Speaker)));
        using var fromStore = ml.MulticlassClassification.Trainers.SerNetwork(Options()).Fit(set, validation: null, labels, keyed);

        Assert.Equal(fromView.GetOnnxModel(), fromStore.GetOnnxModel());
        Assert.Equal(fromView.Training.History.Select(h => h.TrainLoss), fromStore.Training.History.Select(h => h.TrainLoss));
        Assert.Equal(fromView.Transform(keyed).GetColumn<float[]>("Score"), fromStore.Transform(keyed).GetColumn<float[]>("Score"));
        Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.Trainers.SerNetwork(Options()).Fit(set, null, ["only"], keyed));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.SerNetwork(Options()).Fit(set, null, labels, data));
    }
}
