namespace MlNetSer.Training;

/// <summary>
/// Means and standard deviations of a segment set's values pooled into cells (e.g. one per channel and Mel band),
/// computed in one pass in double precision: what a network's <see cref="Models.InputNormalization"/> is set from.
/// </summary>
/// <param name="Mean">Per cell, the mean.</param>
/// <param name="StandardDeviation">Per cell, the population standard deviation, at least <see cref="MinimumDeviation"/>.</param>
public sealed record InputStatistics(double[] Mean, double[] StandardDeviation)
{
    /// <summary>
    /// The smallest standard deviation used: a cell that is constant in the training data (e.g. a Mel band above the
    /// signal's bandwidth, padded with one value) is then shifted, not blown up.
    /// </summary>
    public const double MinimumDeviation = 1e-3;

    /// <summary>Computes the statistics of every segment of <paramref name="data"/>.</summary>
    /// <param name="data">The training segments.</param>
    /// <param name="cellShape">The segment shape with the pooled dimensions set to 1 (see <see cref="Models.InputNormalization.CellShape"/>).</param>
    /// <param name="mode">
    /// <see cref="InputNormalizationMode.PerChannelAndBand"/> keeps the cells of <paramref name="cellShape"/>;
    /// <see cref="InputNormalizationMode.PerChannel"/> pools the cells of each channel and repeats the result over them.
    /// </param>
    /// <param name="centreLevel">
    /// Whether each segment's channel 0 has its own mean subtracted first, as <see cref="Models.InputNormalization.CentresLevel"/>
    /// does in the network (default false).
    /// </param>
    /// <exception cref="ArgumentException">The shapes do not fit, the set is empty or the mode is <see cref="InputNormalizationMode.None"/>.</exception>
    public static InputStatistics Compute(SegmentDataset data, IReadOnlyList<long> cellShape, InputNormalizationMode mode, bool centreLevel = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(cellShape);
        if (mode is not (InputNormalizationMode.PerChannelAndBand or InputNormalizationMode.PerChannel))
            throw new ArgumentException($"Statistics are computed for PerChannelAndBand or PerChannel, not {mode}.", nameof(mode));
        if (data.SegmentCount == 0)
            throw new ArgumentException("Input statistics need at least one segment.", nameof(data));
        var cellOf = CellIndex(data.SegmentShape, cellShape);
        var cells = checked((int)cellShape.Aggregate(1L, (a, b) => a * b));
        var sum = new double[cells];
        var squares = new double[cells];
        var buffer = new float[data.SegmentSize];
        var channelSize = data.SegmentSize / (int)data.SegmentShape[0];
        for (var s = 0; s < data.SegmentCount; s++)
        {
            data.CopySegment(s, buffer);
            if (centreLevel)
            {
                var level = buffer.AsSpan(0, channelSize);
                var own = (float)(Sum(level) / channelSize);
                for (var i = 0; i < level.Length; i++)
                    level[i] -= own;
            }

            for (var i = 0; i < buffer.Length; i++)
            {
                double v = buffer[i];
                sum[cellOf[i]] += v;
                squares[cellOf[i]] += v * v;
            }
        }

        var perCell = (double)data.SegmentSize / cells * data.SegmentCount;
        var group = mode == InputNormalizationMode.PerChannel ? cells / (int)cellShape[0] : 1;
        var mean = new double[cells];
        var deviation = new double[cells];
        for (var start = 0; start < cells; start += group)
        {
            double s = 0, q = 0;
            for (var c = start; c < start + group; c++)
            {
                s += sum[c];
                q += squares[c];
            }

            var count = perCell * group;
            var m = s / count;
            var sd = Math.Sqrt(Math.Max(0, q / count - m * m));
            for (var c = start; c < start + group; c++)
            {
                mean[c] = m;
                deviation[c] = Math.Max(sd, MinimumDeviation);
            }
        }

        return new InputStatistics(mean, deviation);
    }

    private static double Sum(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values)
            sum += v;
        return sum;
    }

    // For every element of a segment, the index of its cell (row-major over cellShape).
    private static int[] CellIndex(IReadOnlyList<long> segmentShape, IReadOnlyList<long> cellShape)
    {
        if (segmentShape.Count != cellShape.Count || segmentShape.Zip(cellShape).Any(p => p.Second != 1 && p.Second != p.First))
            throw new ArgumentException($"The cell shape [{string.Join(", ", cellShape)}] does not fit segments of shape [{string.Join(", ", segmentShape)}].", nameof(cellShape));
        var size = checked((int)segmentShape.Aggregate(1L, (a, b) => a * b));
        var index = new int[size];
        var position = new long[segmentShape.Count];
        for (var i = 0; i < size; i++)
        {
            long cell = 0;
            for (var d = 0; d < segmentShape.Count; d++)
                cell = cell * cellShape[d] + (cellShape[d] == 1 ? 0 : position[d]);
            index[i] = (int)cell;
            for (var d = segmentShape.Count - 1; d >= 0; d--)
            {
                if (++position[d] < segmentShape[d])
                    break;
                position[d] = 0;
            }
        }

        return index;
    }
}
