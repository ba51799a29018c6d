using MlNetSer.Features;

namespace MlNetSer.Pipeline;

/// <summary>
/// Puts several networks' segment probabilities on one common grid and combines them with the score-fusion
/// weights λ (paper Eq. 1 applied per grid cell instead of per utterance).
/// </summary>
internal static class SerTimelineFusion
{
    /// <summary>
    /// Per grid cell: Σ λ_k c_k(p_k), where p_k is network k's segment probabilities averaged over the segments that
    /// overlap the cell, each weighted by the samples it shares with the cell, and c_k the network's temperature scaling
    /// (<see cref="Fusion.ScoreCalibration"/>; the identity at temperature 1), as the model fuses utterance scores. A network
    /// with no segment overlapping a cell (only possible for an empty signal) contributes its mean over all its segments.
    /// </summary>
    public static float[][] Combine(IReadOnlyList<SampleSpan> grid,
        IReadOnlyList<(IReadOnlyList<SampleSpan> Spans, float[][] Probabilities, double Weight, double Temperature)> networks, int classes)
    {
        var fused = new float[grid.Count][];
        for (var g = 0; g < grid.Count; g++)
        {
            var cell = new double[classes];
            foreach (var (spans, probabilities, weight, temperature) in networks)
            {
                if (weight == 0)
                    continue;
                var local = Fusion.ScoreCalibration.Apply(Average(grid[g], spans, probabilities, classes).Select(v => (float)v).ToArray(), temperature);
                for (var c = 0; c < classes; c++)
                    cell[c] += weight * local[c];
            }

            fused[g] = cell.Select(v => (float)v).ToArray();
        }

        return fused;
    }

    private static double[] Average(SampleSpan cell, IReadOnlyList<SampleSpan> spans, float[][] probabilities, int classes)
    {
        var sum = new double[classes];
        double total = 0;
        for (var i = 0; i < spans.Count; i++)
        {
            var overlap = cell.Overlap(spans[i]);
            if (overlap == 0)
                continue;
            total += overlap;
            for (var c = 0; c < classes; c++)
                sum[c] += overlap * probabilities[i][c];
        }

        if (total == 0)
        {
            // Nothing overlaps: the utterance mean is the only honest local estimate.
            foreach (var p in probabilities)
            {
                for (var c = 0; c < classes; c++)
                    sum[c] += p[c];
            }

            total = probabilities.Length;
        }

        for (var c = 0; c < classes; c++)
            sum[c] /= total;
        return sum;
    }
}
