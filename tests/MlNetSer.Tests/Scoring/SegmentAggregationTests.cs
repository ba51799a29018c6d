using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Models;
using MlNetSer.Tests.Training;
using MlNetSer.Training;
using MlNetSer.Transforms;

namespace MlNetSer.Tests.Scoring;

/// <summary>
/// Segment → utterance aggregation as its own estimator, on hand-computed probabilities, through Model.Save/Load, and
/// inside a network trained with a non-default aggregation.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class SegmentAggregationTests
{
    // Two segments of three classes, flattened segment after segment.
    private static readonly float[] TwoSegments = [0.7f, 0.2f, 0.1f, 0.1f, 0.6f, 0.3f];

    [Theory]
    [InlineData(SegmentAggregation.Mean, new[] { 0.4, 0.4, 0.2 })]
    [InlineData(SegmentAggregation.Max, new[] { 0.7 / 1.6, 0.6 / 1.6, 0.3 / 1.6 })]
    // The normalised geometric mean: √(0.07), √(0.12), √(0.03) over their sum.
    [InlineData(SegmentAggregation.LogMean, new[] { 0.337387, 0.441736, 0.220877 })]
    public void Aggregates_AsDefined_AndStaysAFixedSizeVectorAfterSaveAndLoad(SegmentAggregation aggregation, double[] expected)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Row { Segments = TwoSegments }, new Row { Segments = [0.2f, 0.5f, 0.3f] } });
        var model = ml.Transforms.SerAggregateSegments("Score", "Segments", classes: 3, aggregation).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"mlnetser-aggregation-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = ml.Model.Load(path, out _);

            foreach (var scored in new[] { model.Transform(data), loaded.Transform(data) })
            {
                Assert.Equal(3, Assert.IsType<VectorDataViewType>(scored.Schema["Score"].Type).Size);
                var scores = scored.GetColumn<float[]>("Score").ToArray();
                Assert.Equal(expected, scores[0].Select(v => (double)v), new Tolerance(1e-5));
                // One segment: every aggregation gives that segment's probabilities.
                Assert.Equal([0.2, 0.5, 0.3], scores[1].Select(v => (double)v), new Tolerance(1e-5));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ANetworkTrainedWithMaxAggregation_ScoresAnUtteranceAsTheNormalisedMaxOfItsSegments()
    {
        var ml = new MLContext(seed: 1);
        using var corpus = new ToneCorpus(utterancesPerClass: 4, seconds: 0.3);
        var data = corpus.Load(ml);
        var features = ml.Transforms.SerLoadAudio("Samples", "Path").Append(ml.Transforms.SerWaveformSegments("Waveform", "Samples")).Fit(data).Transform(data);
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(features).Transform(features);
        using var network = ml.MulticlassClassification.Trainers.SerNetwork(new SerNetworkOptions
        {
            Network = NetworkKind.Cnn1d,
            Aggregation = SegmentAggregation.Max,
            Trainer = new TrainerOptions { Epochs = 2, Seed = 3 },
            ValidationFraction = 0,
        }).Fit(keyed);

        var utterance = keyed.GetColumn<float[]>("Waveform").First();
        var segments = Enumerable.Range(0, utterance.Length / 625).Select(i => new WaveformRow { Waveform = utterance[(625 * i)..(625 * (i + 1))] }).ToArray();
        var whole = network.Transform(ml.Data.LoadFromEnumerable(new[] { new WaveformRow { Waveform = utterance } })).GetColumn<float[]>("Score").Single();
        var perSegment = network.Transform(ml.Data.LoadFromEnumerable(segments)).GetColumn<float[]>("Score").ToArray();

        Assert.True(segments.Length > 1);
        Assert.Equal(SegmentAggregation.Max, network.Info.Aggregation);
        var max = Enumerable.Range(0, whole.Length).Select(c => perSegment.Max(p => p[c])).ToArray();
        Assert.Equal(max.Select(m => (double)(m / max.Sum())), whole.Select(v => (double)v), new Tolerance(1e-5));
    }

    private sealed class Row
    {
        [VectorType]
        public float[] Segments { get; set; } = [];
    }

    private sealed class WaveformRow
    {
        [VectorType]
        public float[] Waveform { get; set; } = [];
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double value) => 0;
    }
}
