namespace MlNetSer.Fusion;

/// <summary>
/// Temperature scaling of a network's utterance scores before score-level fusion: <c>s' = softmax(ln(max(s, floor)) / T)</c>
/// with one temperature <c>T</c> per network, fitted by the lowest log-loss on the fusion data.
/// </summary>
/// <remarks>
/// The networks' utterance scores are means of segment softmax outputs, and their sharpness differs by network: the 1D
/// CNN averages about a hundred weak 28 ms segments into a flat distribution, an ImageNet backbone averages a few
/// confident ones. Weighted sums of such scores (Eq. 1) let the sharpest network decide whatever λ says, and a
/// log-loss criterion would punish the flat one for being flat rather than wrong. Temperature scaling changes no
/// network's own argmax; it puts the scores on one scale, with a single parameter per network, so that it can be fitted
/// on a few dozen utterances. The negative log-likelihood is convex in 1/T, so a golden-section search finds it.
/// </remarks>
public static class ScoreCalibration
{
    /// <summary>The smallest temperature the search considers (1/T at most 20).</summary>
    public const double MinTemperature = 0.05;

    /// <summary>The largest temperature the search considers.</summary>
    public const double MaxTemperature = 20;

    /// <summary>The temperature with the lowest mean log-loss of the scaled scores.</summary>
    /// <param name="scores">Utterance scores [utterance][class] (probabilities).</param>
    /// <param name="labels">True class index per utterance.</param>
    /// <exception cref="ArgumentException">No utterances, or lengths that differ.</exception>
    public static double FitTemperature(IReadOnlyList<float[]> scores, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count == 0 || scores.Count != labels.Count)
            throw new ArgumentException($"Calibration needs scores and labels of the same, non-zero count (got {scores.Count} and {labels.Count}).", nameof(scores));
        var logs = scores.Select(s => s.Select(v => Math.Log(Math.Max(ScoreFusionSearch.ProbabilityFloor, v))).ToArray()).ToArray();
        double LogLoss(double inverse) => logs.Select((l, u) => NegativeLogLikelihood(l, labels[u], inverse)).Average();

        // Golden-section search on β = 1/T, where the loss is convex.
        var (low, high) = (1 / MaxTemperature, 1 / MinTemperature);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var a = high - ratio * (high - low);
        var b = low + ratio * (high - low);
        var (fa, fb) = (LogLoss(a), LogLoss(b));
        for (var i = 0; i < 60; i++)
        {
            if (fa <= fb)
            {
                (high, b, fb) = (b, a, fa);
                a = high - ratio * (high - low);
                fa = LogLoss(a);
            }
            else
            {
                (low, a, fa) = (a, b, fb);
                b = low + ratio * (high - low);
                fb = LogLoss(b);
            }
        }

        return 1 / ((low + high) / 2);
    }

    /// <summary>The scaled scores of one utterance, in single precision as the fused model's ONNX graph computes them.</summary>
    /// <param name="scores">One utterance's scores.</param>
    /// <param name="temperature">The network's temperature (1 leaves the scores as they are).</param>
    public static float[] Apply(IReadOnlyList<float> scores, double temperature)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (temperature == 1)
            return scores.ToArray();
        var inverse = (float)(1 / temperature);
        var logits = scores.Select(s => MathF.Log(MathF.Max((float)ScoreFusionSearch.ProbabilityFloor, s)) * inverse).ToArray();
        var max = logits.Max();
        var exp = logits.Select(l => MathF.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => e / sum).ToArray();
    }

    /// <summary>Every utterance's scores scaled by <paramref name="temperature"/>.</summary>
    /// <param name="scores">Utterance scores [utterance][class].</param>
    /// <param name="temperature">The temperature.</param>
    public static float[][] Apply(IReadOnlyList<float[]> scores, double temperature)
        => scores.Select(s => Apply((IReadOnlyList<float>)s, temperature)).ToArray();

    private static double NegativeLogLikelihood(double[] logs, int label, double inverse)
    {
        var max = logs.Max() * inverse;
        var sum = logs.Sum(l => Math.Exp(l * inverse - max));
        return max + Math.Log(sum) - logs[label] * inverse;
    }
}
