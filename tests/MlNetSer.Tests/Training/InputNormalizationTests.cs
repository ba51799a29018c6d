using MlNetSer.Features;
using MlNetSer.Models;
using MlNetSer.Training;
using static TorchSharp.torch;

namespace MlNetSer.Tests.Training;

public sealed class InputNormalizationTests
{
    // Segments [3 channels, (depth,) bands, frames], by default [3, 4, 5], with a different scale and offset per channel and band.
    private static List<LabeledUtterance> LogMelLike(int utterances, int segmentsPerUtterance, int seed, string speaker = "s", int[]? shape = null)
    {
        shape ??= [3, 4, 5];
        var size = shape.Aggregate(1, (a, b) => a * b);
        var (bands, frames) = (shape[^2], shape[^1]);
        var random = new Random(seed);
        var list = new List<LabeledUtterance>();
        for (var u = 0; u < utterances; u++)
        {
            var data = new float[segmentsPerUtterance * size];
            for (var k = 0; k < data.Length; k++)
            {
                var channel = k % size / (size / 3);
                var band = k / frames % bands;
                var centre = channel == 0 ? -10f + 3 * band : 0f;
                var spread = channel == 0 ? 4f : 0.2f * (band + 1);
                data[k] = centre + spread * (float)(random.NextDouble() * 2 - 1);
            }

            list.Add(new LabeledUtterance($"{speaker}{u}", new SegmentTensor(data, segmentsPerUtterance, shape), u % 2, speaker));
        }

        return list;
    }

    [Fact]
    public void StatisticsPerChannelAndBandAreThoseOfEveryFrameOfEverySegment()
    {
        var utterances = LogMelLike(6, 3, seed: 1);
        using var data = SegmentDataset.Create(utterances);

        var statistics = InputStatistics.Compute(data, [3, 4, 1], InputNormalizationMode.PerChannelAndBand);

        var values = utterances.SelectMany(u => u.Segments.Data).ToArray();
        for (var channel = 0; channel < 3; channel++)
        {
            for (var band = 0; band < 4; band++)
            {
                var cell = values.Where((_, k) => k % 60 / 20 == channel && k % 20 / 5 == band).Select(v => (double)v).ToArray();
                var mean = cell.Average();
                Assert.Equal(mean, statistics.Mean[channel * 4 + band], 9);
                Assert.Equal(Math.Sqrt(cell.Average(v => (v - mean) * (v - mean))), statistics.StandardDeviation[channel * 4 + band], 6);
            }
        }
    }

    [Fact]
    public void PerChannelPoolsTheBandsAndRepeatsTheResultOverThem()
    {
        using var data = SegmentDataset.Create(LogMelLike(6, 3, seed: 2));

        var perChannel = InputStatistics.Compute(data, [3, 4, 1], InputNormalizationMode.PerChannel);
        var perBand = InputStatistics.Compute(data, [3, 4, 1], InputNormalizationMode.PerChannelAndBand);

        for (var channel = 0; channel < 3; channel++)
        {
            var cells = Enumerable.Range(channel * 4, 4).ToArray();
            Assert.All(cells, c => Assert.Equal(perChannel.Mean[cells[0]], perChannel.Mean[c]));
            Assert.Equal(cells.Average(c => perBand.Mean[c]), perChannel.Mean[cells[0]], 9);
        }
    }

    [Fact]
    public void TheNormalisedTrainingInputsHaveMeanZeroAndUnitVarianceInEveryCell_ScaledToTheBackbonesRange()
    {
        using var data = SegmentDataset.Create(LogMelLike(8, 2, seed: 3));
        var layer = new InputNormalization([3, 4, 5], [3, 4, 1], targetScale: [2f, 1f, 1f]);
        var statistics = InputStatistics.Compute(data, layer.CellShape, InputNormalizationMode.PerChannelAndBand);
        layer.SetStatistics(statistics.Mean, statistics.StandardDeviation);

        var all = new float[data.SegmentCount * data.SegmentSize];
        for (var s = 0; s < data.SegmentCount; s++)
            data.CopySegment(s, all.AsSpan(s * data.SegmentSize, data.SegmentSize));
        using var output = layer.forward(tensor(all, [data.SegmentCount, 3, 4, 5]));
        using var mean = output.mean([0, 3]);
        using var deviation = output.std([0, 3], unbiased: false);

        Assert.All(mean.data<float>().ToArray(), m => Assert.Equal(0, m, 4));
        // Channel 0 is mapped to standard deviation 2 (a backbone's input range), the others to 1.
        var deviations = deviation.data<float>().ToArray();
        Assert.All(deviations.Take(4), d => Assert.Equal(2, d, 3));
        Assert.All(deviations.Skip(4), d => Assert.Equal(1, d, 3));
    }

    [Fact]
    public void CentringTheLevelMakesTheOutputIndependentOfARecordingsGain()
    {
        var layer = new InputNormalization([3, 4, 5], [3, 4, 1]) { CentresLevel = true };
        using var data = SegmentDataset.Create(LogMelLike(4, 2, seed: 4));
        var statistics = InputStatistics.Compute(data, layer.CellShape, InputNormalizationMode.PerChannelAndBand, centreLevel: true);
        layer.SetStatistics(statistics.Mean, statistics.StandardDeviation);
        var segment = new float[60];
        data.CopySegment(0, segment);
        // A gain of 10× adds ln(10) to the log power of the static channel; Δ and ΔΔ do not change.
        var louder = segment.Select((v, k) => k < 20 ? v + MathF.Log(10) : v).ToArray();

        using var quiet = layer.forward(tensor(segment, [1, 3, 4, 5]));
        using var loud = layer.forward(tensor(louder, [1, 3, 4, 5]));

        Assert.Equal(quiet.data<float>().ToArray(), loud.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-4f);
        Assert.Equal([1f, 0f, 0f], layer.LevelMask);
        layer.CentresLevel = false;
        using var uncentred = layer.forward(tensor(louder, [1, 3, 4, 5]));
        Assert.NotEqual(quiet.data<float>().ToArray(), uncentred.data<float>().ToArray());
    }

    [Fact]
    public void TrainingSetsTheStatisticsFromTheTrainingSegmentsOnly_AndTheyTravelInTheWeights()
    {
        int[] shape = [3, 1, 28, 28];
        using var training = SegmentDataset.Create(LogMelLike(6, 2, seed: 5, speaker: "train", shape));
        // Validation speakers recorded about 150 times louder: were they counted, the statistics would move.
        using var validation = SegmentDataset.Create(LogMelLike(4, 2, seed: 6, speaker: "validation", shape).Select(u =>
            u with { Segments = new SegmentTensor(u.Segments.Data.Select((v, k) => k % (3 * 28 * 28) < 28 * 28 ? v + 5 : v).ToArray(), u.Segments.Count, shape) }));
        var options = new TrainerOptions { Epochs = 1, Threads = 1, Seed = 3, CentreInputLevel = false };

        var result = new SegmentTrainer(options).Train(
            () => new Cnn3d(new Cnn3dOptions { Depth = 1, Height = 28, Width = 28, Classes = 2, Hidden = 8 }), training, validation);
        using var network = result.Network;

        var expected = InputStatistics.Compute(training, network.Normalization!.CellShape, InputNormalizationMode.PerChannelAndBand);
        var weight = network.Normalization.Weight;
        var bias = network.Normalization.Bias;
        for (var c = 0; c < weight.Length; c++)
        {
            Assert.Equal(1 / expected.StandardDeviation[c], weight[c], 4);
            Assert.Equal(-expected.Mean[c] / expected.StandardDeviation[c], bias[c], 4);
        }

        // The best epoch's weights are a state dict: the normalisation is in it.
        Assert.Contains(network.state_dict().Keys, k => k == "normalize.weight");
    }
}
