using Microsoft.ML.OnnxRuntime;
using MlNetSer.Audio;
using MlNetSer.Export;
using MlNetSer.Tests.TestSupport;
using MlNetSer.Transforms;

namespace MlNetSer.Tests.Export;

/// <summary>
/// The batched graph (<see cref="SerFusedOnnxOptions.Batch"/>) against the one-utterance graph it must agree with: each
/// row of a batch of real files and edge cases (no samples, one sample, shorter than a Mel segment, silence) gets the
/// same scores, labels and segments as that utterance alone.
/// </summary>
[Collection(FusedModelCollection.Name)]
public sealed class BatchedFusedOnnxTests(FusedModelFixture fused)
{
    [Fact]
    public void EachRowOfABatch_GetsWhatTheOneUtteranceGraphGivesThatUtterance()
    {
        var utterances = Utterances();
        using var single = new InferenceSession(fused.OnnxPath);
        using var batched = new InferenceSession(fused.BatchedOnnxPath);
        var names = batched.OutputNames;
        using var results = SerFusedOnnx.RunBatch(batched, utterances, names);
        var output = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => results[p.i]);
        var networks = names.Where(n => n.StartsWith("utt_probs_", StringComparison.Ordinal)).Select(n => n["utt_probs_".Length..]).ToArray();
        Assert.Equal(["1d", "2d", "3d"], networks);

        for (var row = 0; row < utterances.Count; row++)
        {
            var alone = FusedOnnxRun.Run(single, utterances[row]);
            foreach (var name in new[] { SerFusedOnnx.Probabilities, SerFusedOnnx.FeatureFusionScores }
                         .Concat(networks.Select(SerFusedOnnx.UtteranceProbabilities)))
                AssertClose(alone.Floats[name], Row(output[name], row), $"row {row}, {name}");
            Assert.Equal(Assert.Single(alone.Strings[SerFusedOnnx.Label]), output[SerFusedOnnx.Label].GetStringElement(row));
            Assert.Equal(Assert.Single(alone.Strings[SerFusedOnnx.FeatureFusionLabel]), output[SerFusedOnnx.FeatureFusionLabel].GetStringElement(row));
            foreach (var network in networks)
            {
                var rows = output[SerFusedOnnx.SegmentRows(network)].GetTensorDataAsSpan<long>().ToArray();
                var classes = (int)output[SerFusedOnnx.SegmentProbabilities(network)].GetTensorTypeAndShape().Shape[1];
                var segments = output[SerFusedOnnx.SegmentProbabilities(network)].GetTensorDataAsSpan<float>().ToArray();
                var own = Enumerable.Range(0, rows.Length).Where(s => rows[s] == row).SelectMany(s => segments[(s * classes)..((s + 1) * classes)]).ToArray();
                AssertClose(alone.Floats[SerFusedOnnx.SegmentProbabilities(network)], own, $"row {row}, {network} segments");
            }
        }
    }

    [Fact]
    public void EveryOutputHasTheShapeTheBatchedGraphDeclares_WithTheBatchFirst()
    {
        var utterances = Utterances();
        using var batched = new InferenceSession(fused.BatchedOnnxPath);
        Assert.Equal([-1, -1], batched.InputMetadata[SerFusedOnnx.SamplesInput].Dimensions);
        Assert.Equal([-1], batched.InputMetadata[SerFusedOnnx.LengthsInput].Dimensions);
        using var results = SerFusedOnnx.RunBatch(batched, utterances, batched.OutputNames);
        for (var i = 0; i < batched.OutputNames.Count; i++)
        {
            var name = batched.OutputNames[i];
            var declared = batched.OutputMetadata[name];
            var actual = results[i].GetTensorTypeAndShape();
            Assert.Equal(declared.Dimensions.Length, actual.Shape.Length);
            for (var d = 0; d < actual.Shape.Length; d++)
                Assert.True(declared.Dimensions[d] == -1 || declared.Dimensions[d] == actual.Shape[d], $"{name}: dimension {d} is {actual.Shape[d]}, declared {declared.Dimensions[d]}");
            if (name is SerFusedOnnx.Probabilities or SerFusedOnnx.Label or SerFusedOnnx.FeatureFusionScores or SerFusedOnnx.FeatureFusionLabel)
                Assert.Equal(utterances.Count, actual.Shape[0]);
        }
    }

    [Fact]
    public void ANetworkThatDoesNotAverageItsSegments_CannotBeBatched_AndTheErrorSaysWhich()
    {
        SerFusedOnnx.RequireMeanAggregation([new SerNetworkInfo { Name = "1d", Aggregation = SegmentAggregation.Mean }]);

        var error = Assert.Throws<NotSupportedException>(() => SerFusedOnnx.RequireMeanAggregation(
            [new SerNetworkInfo { Name = "1d", Aggregation = SegmentAggregation.Mean }, new SerNetworkInfo { Name = "3d", Aggregation = SegmentAggregation.Max }]));

        Assert.Contains("Network '3d' aggregates its segments by Max", error.Message);
        Assert.Contains("without a batch", error.Message);
    }

    // Two test files and the edge cases, in an order that puts short rows between long ones.
    private List<float[]> Utterances()
    {
        var files = fused.Fold.Test.Take(2).Select(e => AudioReader.Load(e.Path).Samples).ToArray();
        var tone = Enumerable.Range(0, 6615).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * 440 * i / 22050.0))).ToArray();
        return [files[0], [], [0.25f], files[1], tone, new float[44100]];
    }

    private static float[] Row(OrtValue value, int row)
    {
        var width = (int)value.GetTensorTypeAndShape().Shape[1];
        return value.GetTensorDataAsSpan<float>()[(row * width)..((row + 1) * width)].ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {expected.Length} values, batched {actual.Length}");
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"{what}, value {i}: {expected[i]} alone vs {actual[i]} batched");
    }
}
