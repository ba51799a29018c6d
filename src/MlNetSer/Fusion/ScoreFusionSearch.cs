using MlNetSer.Metrics;

namespace MlNetSer.Fusion;

/// <summary>
/// Exhaustive search of the score-fusion weights of the paper's Eq. 1: fused score = Σᵢ λᵢ sᵢ, with λ on
/// the grid {0, step, 2·step, …, 1} and Σλ = 1 (66 points for three networks at step 0.1, 11 for two).
/// </summary>
/// <remarks>
/// <para>
/// The criterion (<see cref="ScoreFusionCriterion"/>) is the paper's highest accuracy by default, or the lowest log-loss
/// (the default of <see cref="ScoreFusionOptions.Criterion"/>), optionally pulled towards equal weights
/// (<see cref="PenalisedLogLoss"/>). Tie rule (deterministic): log-loss, when it is the criterion, first; then the highest accuracy; then the
/// highest UAR; then the weights closest to uniform (smallest Σ(λᵢ − 1/k)²); then the first in enumeration order,
/// which is lexicographic ascending in (λ₁, λ₂, …). Accuracy and UAR are compared on exact counts and the distance
/// on grid integers, so no rounding decides those ties.
/// </para>
/// <para>
/// The fused score is computed in single precision as ((λ₁s₁ + λ₂s₂) + λ₃s₃), exactly as the fitted
/// model's ONNX graph does, so the search and the model agree even on argmax ties (the first
/// maximal class wins, as ONNX ArgMax).
/// </para>
/// </remarks>
public static class ScoreFusionSearch
{
    /// <summary>The default grid step of the paper.</summary>
    public const double DefaultStep = 0.1;

    /// <summary>
    /// The default pull towards equal weights of the log-loss criterion, 1/(2·0.1²): the penalty of
    /// <see cref="PenalisedLogLoss"/> is then the negative log-density of a Gaussian prior on λ centred on equal weights
    /// with a standard deviation of one grid step (0.1), so λ leaves equal weights by more than a step or two only where
    /// the fusion data is large or clear enough to say so.
    /// </summary>
    public const double DefaultWeightShrinkage = 50;

    /// <summary>The smallest probability the log-loss takes the logarithm of (a fused score of 0 would make it infinite).</summary>
    public const double ProbabilityFloor = 1e-7;

    /// <summary>
    /// The weight grid for <paramref name="networks"/> networks: every λ with entries in
    /// {0, step, …, 1} and Σλ = 1, in lexicographic ascending order. Size C(n + k − 1, k − 1) with n = 1/step.
    /// </summary>
    /// <param name="networks">Number of networks k (at least 1).</param>
    /// <param name="step">Grid step; 1/step must be a whole number.</param>
    /// <exception cref="ArgumentOutOfRangeException">k below 1 or a step that does not divide 1.</exception>
    public static IReadOnlyList<double[]> Grid(int networks, double step = DefaultStep)
        => IntegerGrid(networks, Divisions(step)).Select(m => ToWeights(m, Divisions(step))).ToArray();

    /// <summary>Searches the grid for the weights that are best by <paramref name="criterion"/> on the given scores.</summary>
    /// <param name="scores">Per network, the utterance score matrix [utterances][classes]; all networks the same shape.</param>
    /// <param name="labels">True class index of each utterance.</param>
    /// <param name="classNames">Class names in index order (their count must equal the score width).</param>
    /// <param name="step">Grid step (default 0.1).</param>
    /// <param name="criterion">What is optimised (default <see cref="ScoreFusionCriterion.Accuracy"/>, the paper's; the fusion estimator's own default is log-loss).</param>
    /// <param name="weightShrinkage">
    /// With the log-loss criterion, the strength of the pull towards equal weights (<see cref="PenalisedLogLoss"/>; default 0,
    /// none; the fusion estimator's own default is <see cref="DefaultWeightShrinkage"/>). Ignored by the accuracy criterion.
    /// </param>
    /// <exception cref="ArgumentException">Empty or mismatched inputs; the message says which.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite <paramref name="weightShrinkage"/>.</exception>
    public static ScoreFusionSearchResult Search(IReadOnlyList<float[][]> scores, IReadOnlyList<int> labels,
        IReadOnlyList<string> classNames, double step = DefaultStep, ScoreFusionCriterion criterion = ScoreFusionCriterion.Accuracy,
        double weightShrinkage = 0)
    {
        CheckShapes(scores, labels, classNames);
        CheckShrinkage(weightShrinkage);
        var divisions = Divisions(step);
        var grid = IntegerGrid(scores.Count, divisions);
        var points = new FusionGridPoint[grid.Count];
        var (bestIndex, bestObjective) = (0, double.NaN);
        for (var g = 0; g < grid.Count; g++)
        {
            points[g] = Score(scores, labels, classNames, ToWeights(grid[g], divisions));
            var objective = PenalisedLogLoss(points[g], labels.Count, weightShrinkage);
            if (g == 0 || Better(criterion, objective, points[g], grid[g], bestObjective, points[bestIndex], grid[bestIndex], divisions))
                (bestIndex, bestObjective) = (g, objective);
        }

        return new ScoreFusionSearchResult(points[bestIndex], points);
    }

    /// <summary>
    /// The log-loss criterion of a grid point: its mean log-loss over the <paramref name="utterances"/> fusion utterances plus
    /// <c>weightShrinkage · Σᵢ(λᵢ − 1/k)² / utterances</c>. This is the negative log-posterior per utterance under a Gaussian
    /// prior on λ centred on equal weights with standard deviation 1/√(2·weightShrinkage), so the pull fades as the fusion
    /// data grows. Why: λ fitted freely on the few dozen utterances of one or two validation speakers jumps from one
    /// network to another between speaker folds (docs/accuracy.md); equal weights over calibrated scores are the
    /// low-variance choice that the data must argue away from.
    /// </summary>
    /// <param name="point">A scored grid point.</param>
    /// <param name="utterances">How many utterances its log-loss is the mean over.</param>
    /// <param name="weightShrinkage">The strength of the pull (0: the log-loss alone).</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite strength, or no utterances.</exception>
    public static double PenalisedLogLoss(FusionGridPoint point, int utterances, double weightShrinkage)
    {
        ArgumentNullException.ThrowIfNull(point);
        CheckShrinkage(weightShrinkage);
        ArgumentOutOfRangeException.ThrowIfLessThan(utterances, 1);
        if (weightShrinkage == 0)
            return point.LogLoss;
        var equal = 1.0 / point.Weights.Count;
        return point.LogLoss + weightShrinkage * point.Weights.Sum(w => (w - equal) * (w - equal)) / utterances;
    }

    /// <summary>Accuracy and UAR of the scores fused with fixed <paramref name="weights"/>.</summary>
    /// <param name="scores">Per network, the utterance score matrix [utterances][classes].</param>
    /// <param name="labels">True class index of each utterance.</param>
    /// <param name="classNames">Class names in index order.</param>
    /// <param name="weights">λ per network.</param>
    public static FusionGridPoint Score(IReadOnlyList<float[][]> scores, IReadOnlyList<int> labels,
        IReadOnlyList<string> classNames, IReadOnlyList<double> weights)
    {
        CheckShapes(scores, labels, classNames);
        if (weights.Count != scores.Count)
            throw new ArgumentException($"{weights.Count} weights for {scores.Count} networks.", nameof(weights));
        var single = weights.Select(w => (float)w).ToArray();
        var predicted = new int[labels.Count];
        var fused = new float[classNames.Count];
        var logLoss = 0.0;
        for (var u = 0; u < labels.Count; u++)
        {
            Fuse(scores.Select(s => s[u]).ToArray(), single, fused);
            predicted[u] = ArgMax(fused);
            logLoss -= Math.Log(Math.Max(ProbabilityFloor, fused[labels[u]]));
        }

        var report = MulticlassReport.Compute(labels, predicted, classNames);
        return new FusionGridPoint(weights.ToArray(), report.Accuracy, report.Uar, logLoss / labels.Count);
    }

    /// <summary>Fuses one utterance's network scores into <paramref name="fused"/> (single precision, left to right).</summary>
    /// <param name="scores">One score vector per network.</param>
    /// <param name="weights">λ per network.</param>
    /// <param name="fused">Receives Σᵢ λᵢ sᵢ.</param>
    public static void Fuse(IReadOnlyList<float[]> scores, IReadOnlyList<float> weights, Span<float> fused)
    {
        for (var c = 0; c < fused.Length; c++)
        {
            var sum = weights[0] * scores[0][c];
            for (var n = 1; n < scores.Count; n++)
                sum += weights[n] * scores[n][c];
            fused[c] = sum;
        }
    }

    /// <summary>The index of the largest value; the first one on a tie (as ONNX ArgMax). -1 when empty; NaN never wins.</summary>
    /// <param name="values">Scores.</param>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = -1;
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsNaN(values[i]) && (best < 0 || values[i] > values[best]))
                best = i;
        }

        return best < 0 && values.Length > 0 ? 0 : best;
    }

    internal static int Divisions(double step)
    {
        if (!(step > 0 && step <= 1))
            throw new ArgumentOutOfRangeException(nameof(step), step, "The grid step must be in (0, 1].");
        var divisions = Math.Round(1 / step);
        if (Math.Abs(divisions * step - 1) > 1e-9)
            throw new ArgumentOutOfRangeException(nameof(step), step, "The grid step must divide 1 exactly (e.g. 0.1, 0.05, 0.25).");
        return (int)divisions;
    }

    private static double[] ToWeights(int[] units, int divisions) => units.Select(m => (double)m / divisions).ToArray();

    private static List<int[]> IntegerGrid(int networks, int divisions)
    {
        if (networks < 1)
            throw new ArgumentOutOfRangeException(nameof(networks), networks, "Fusion needs at least one network.");
        var grid = new List<int[]>();
        var current = new int[networks];

        void Fill(int position, int left)
        {
            if (position == networks - 1)
            {
                current[position] = left;
                grid.Add((int[])current.Clone());
                return;
            }

            for (var m = 0; m <= left; m++)
            {
                current[position] = m;
                Fill(position + 1, left - m);
            }
        }

        Fill(0, divisions);
        return grid;
    }

    // Distance to uniform in grid units: Σ(k·mᵢ − n)², exact in integers.
    private static long UniformDistance(int[] units, int divisions)
        => units.Sum(m => ((long)units.Length * m - divisions) * ((long)units.Length * m - divisions));

    internal static void CheckShrinkage(double weightShrinkage, string name = "weightShrinkage")
    {
        if (!(weightShrinkage >= 0 && double.IsFinite(weightShrinkage)))
            throw new ArgumentOutOfRangeException(name, weightShrinkage, $"{name} must be a finite number of at least 0.");
    }

    private static bool Better(ScoreFusionCriterion criterion, double candidateObjective, FusionGridPoint candidate, int[] candidateUnits,
        double bestObjective, FusionGridPoint best, int[] bestUnits, int divisions)
    {
        if (criterion == ScoreFusionCriterion.LogLoss && candidateObjective != bestObjective)
            return candidateObjective < bestObjective;

        // Accuracy and UAR come from counts, so equal counts give bit-equal doubles.
        if (candidate.Accuracy != best.Accuracy)
            return candidate.Accuracy > best.Accuracy;
        if (candidate.Uar != best.Uar)
            return candidate.Uar > best.Uar;
        // Enumeration is lexicographic, so an equal distance keeps the earlier point.
        return UniformDistance(candidateUnits, divisions) < UniformDistance(bestUnits, divisions);
    }

    private static void CheckShapes(IReadOnlyList<float[][]> scores, IReadOnlyList<int> labels, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (scores.Count == 0)
            throw new ArgumentException("Fusion needs the scores of at least one network.", nameof(scores));
        if (labels.Count == 0)
            throw new ArgumentException("Fusion needs at least one labelled utterance.", nameof(labels));
        for (var n = 0; n < scores.Count; n++)
        {
            if (scores[n].Length != labels.Count)
                throw new ArgumentException($"Network {n} has scores for {scores[n].Length} utterances but there are {labels.Count} labels.", nameof(scores));
            for (var u = 0; u < labels.Count; u++)
            {
                if (scores[n][u].Length != classNames.Count)
                    throw new ArgumentException($"Network {n}, utterance {u}: {scores[n][u].Length} scores but {classNames.Count} classes.", nameof(scores));
            }
        }
    }
}
