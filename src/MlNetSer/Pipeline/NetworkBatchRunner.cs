using Microsoft.ML.OnnxRuntime;
using MlNetSer.Onnx;
using MlNetSer.Transforms;

namespace MlNetSer.Pipeline;

/// <summary>
/// One network's ONNX model in an ONNX Runtime session of its own, scoring the segments of several utterances per run
/// and averaging each utterance's per-segment outputs as the model's own <c>ReduceMean</c> head does, so the utterance
/// scores and features equal those of one run per utterance.
/// </summary>
/// <remarks>
/// ONNX Runtime's CPU <c>ReduceMean</c> over the segment axis starts from the first segment's row, adds the others in
/// order and divides by the count in single precision; <see cref="Average"/> does the same operations in the same
/// order. Each segment's outputs do not depend on the other segments of a run (the networks are evaluated in
/// inference mode, segment by segment along the batch axis); the tests check both against <c>ApplyOnnxModel</c>.
/// </remarks>
internal sealed class NetworkBatchRunner : IDisposable
{
    private static readonly string[] Outputs = [OnnxContract.SegmentProbabilities, OnnxContract.SegmentFeatures];

    private readonly InferenceSession _session;
    private readonly long[] _segmentShape;

    /// <exception cref="InvalidOperationException">The network aggregates its segments otherwise than by the mean.</exception>
    public NetworkBatchRunner(SerNetworkInfo info, byte[] onnx, SerBatchScoringOptions options)
    {
        // Packing averages as the network's own ReduceMean head does; another aggregation is scored by the model itself.
        if (info.Aggregation != SegmentAggregation.Mean)
            throw new InvalidOperationException($"The network '{info.ScoreColumnName}' aggregates its segments by {info.Aggregation}; packed scoring only averages them.");
        Info = info;
        _segmentShape = info.SegmentShape;
        SegmentSize = checked((int)info.SegmentShape.Aggregate(1L, (a, b) => a * b));
        Classes = info.Labels.Length;
        _session = OnnxSessions.Create(onnx, options.GpuDeviceId, options.FallbackToCpu, options.IntraOpThreads);
    }

    /// <summary>The network's record.</summary>
    public SerNetworkInfo Info { get; }

    /// <summary>Floats per segment.</summary>
    public int SegmentSize { get; }

    /// <summary>Size of the utterance scores.</summary>
    public int Classes { get; }

    /// <summary>Size of the utterance features.</summary>
    public int FeatureSize => Info.FeatureSize;

    /// <summary>
    /// Scores the segments of consecutive utterances, <paramref name="segments"/> holding <paramref name="counts"/>[i]
    /// segments of utterance i one after the other, and writes each utterance's mean scores to row i of
    /// <paramref name="scores"/> (C per row) and mean features to row i of <paramref name="features"/> (F per row). The
    /// segments of utterances with two or more are packed into runs of <paramref name="batchSegments"/> to
    /// 2·<paramref name="batchSegments"/> − 1; an utterance with one segment runs alone; one without gets zeros, as
    /// <c>ApplyOnnxModel</c> gives it.
    /// </summary>
    /// <remarks>
    /// ONNX Runtime computes a run of one segment with other kernels (a matrix-vector product in the fully connected
    /// layers) than a run of several, which changes the last bits; any two or more give each segment the same bits.
    /// So no run holds a single segment unless the utterance has only that one, exactly as one run per utterance does.
    /// </remarks>
    public void Score(float[] segments, IReadOnlyList<int> counts, int batchSegments, float[] scores, float[] features)
    {
        var offsets = new int[counts.Count];
        for (var i = 1; i < counts.Count; i++)
            offsets[i] = offsets[i - 1] + counts[i - 1];
        var packed = Enumerable.Range(0, counts.Count).Where(i => counts[i] >= 2).ToArray();
        var total = packed.Sum(i => counts[i]);
        var source = segments;
        if (packed.Length != counts.Count(c => c > 0))
        {
            source = new float[total * SegmentSize];
            var at = 0;
            foreach (var i in packed)
            {
                Array.Copy(segments, offsets[i] * SegmentSize, source, at, counts[i] * SegmentSize);
                at += counts[i] * SegmentSize;
            }
        }

        // Per call, not per runner: two cursors may score at once (a session runs concurrently, these arrays would not).
        var probabilities = new float[total * Classes];
        var segmentFeatures = new float[total * FeatureSize];
        var runs = Math.Max(1, total / batchSegments);
        for (int r = 0, start = 0; r < runs && total > 0; r++)
        {
            var count = total / runs + (r < total % runs ? 1 : 0);
            Run(source, start, count, probabilities, segmentFeatures, start);
            start += count;
        }

        var first = 0;
        foreach (var i in packed)
        {
            Average(probabilities, first, counts[i], Classes, scores.AsSpan(i * Classes, Classes));
            Average(segmentFeatures, first, counts[i], FeatureSize, features.AsSpan(i * FeatureSize, FeatureSize));
            first += counts[i];
        }

        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] == 1)
                Run(segments, offsets[i], 1, scores, features, i);
            else if (counts[i] == 0)
            {
                scores.AsSpan(i * Classes, Classes).Clear();
                features.AsSpan(i * FeatureSize, FeatureSize).Clear();
            }
        }
    }

    // One ONNX Runtime run of count segments from segment start of source; outputs from row row of the output arrays.
    private void Run(float[] source, int start, int count, float[] probabilities, float[] features, int row)
    {
        var memory = new Memory<float>(source, start * SegmentSize, count * SegmentSize);
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, memory, [count, .. _segmentShape]);
        using var run = new RunOptions();
        using var outputs = _session.Run(run, [OnnxContract.Input], [input], Outputs);
        outputs[0].GetTensorDataAsSpan<float>().CopyTo(probabilities.AsSpan(row * Classes, count * Classes));
        outputs[1].GetTensorDataAsSpan<float>().CopyTo(features.AsSpan(row * FeatureSize, count * FeatureSize));
    }

    /// <summary>The mean of <paramref name="count"/> rows of <paramref name="width"/> values from row <paramref name="first"/>: ONNX Runtime's order of operations.</summary>
    internal static void Average(float[] rows, int first, int count, int width, Span<float> mean)
    {
        if (count == 0)
        {
            mean.Clear();
            return;
        }

        rows.AsSpan(first * width, width).CopyTo(mean);
        for (var row = 1; row < count; row++)
        {
            var values = rows.AsSpan((first + row) * width, width);
            for (var j = 0; j < width; j++)
                mean[j] += values[j];
        }

        var divisor = (float)count;
        for (var j = 0; j < width; j++)
            mean[j] /= divisor;
    }

    public void Dispose() => _session.Dispose();
}
