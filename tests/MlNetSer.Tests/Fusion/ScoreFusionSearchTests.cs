using MlNetSer.Fusion;

namespace MlNetSer.Tests.Fusion;

public sealed class ScoreFusionSearchTests
{
    private static readonly string[] TwoClasses = ["a", "b"];

    [Theory]
    [InlineData(3, 0.1, 66)]
    [InlineData(2, 0.1, 11)]
    [InlineData(1, 0.1, 1)]
    [InlineData(4, 0.1, 286)]
    [InlineData(3, 0.25, 15)]
    public void GridHasEveryCompositionOnce(int networks, double step, int expected)
    {
        var grid = ScoreFusionSearch.Grid(networks, step);

        Assert.Equal(expected, grid.Count);
        Assert.All(grid, w => Assert.Equal(1.0, w.Sum(), 9));
        Assert.All(grid, w => Assert.All(w, x => Assert.InRange(x, 0.0, 1.0)));
        Assert.Equal(grid.Count, grid.Select(w => string.Join(",", w)).Distinct().Count());
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.0)]
    [InlineData(1.5)]
    public void StepThatDoesNotDivideOneIsRefused(double step)
        => Assert.Throws<ArgumentOutOfRangeException>(() => ScoreFusionSearch.Grid(3, step));

    [Theory]
    [InlineData(0.3, 0.3, 0.4)]
    [InlineData(0.2, 0.5, 0.3)]
    [InlineData(1.0, 0.0, 0.0)]
    [InlineData(0.0, 0.1, 0.9)]
    public void FindsTheOnlyOptimalGridPoint(double l1, double l2, double l3)
    {
        double[] target = [l1, l2, l3];
        var (scores, labels) = UniqueOptimum(target);

        var result = ScoreFusionSearch.Search(scores, labels, TwoClasses);

        Assert.Equal(66, result.Grid.Count);
        Assert.Equal(target, result.Best.Weights.ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(1.0, result.Best.Accuracy);
        // Exactly one point is optimal: every other one misses at least its own utterance.
        Assert.Single(result.Grid, p => p.Accuracy == 1.0);
    }

    [Fact]
    public void TwoNetworksFindTheirOptimumOnElevenPoints()
    {
        var (scores, labels) = UniqueOptimum([0.7, 0.3]);

        var result = ScoreFusionSearch.Search(scores, labels, TwoClasses);

        Assert.Equal(11, result.Grid.Count);
        Assert.Equal(0.7, result.Best.Weights[0], 12);
        Assert.Single(result.Grid, p => p.Accuracy == 1.0);
    }

    [Fact]
    public void AllPointsEqualPicksClosestToUniformThenLexicographicallyFirst()
    {
        // Identical networks: every weighting fuses to the same scores, so accuracy and UAR tie everywhere.
        var one = new[] { new[] { 0.9f, 0.1f }, new[] { 0.2f, 0.8f }, new[] { 0.6f, 0.4f } };
        int[] labels = [0, 1, 1];

        var three = ScoreFusionSearch.Search([one, one, one], labels, TwoClasses);
        var two = ScoreFusionSearch.Search([one, one], labels, TwoClasses);

        Assert.All(three.Grid, p => Assert.Equal(2.0 / 3, p.Accuracy, 12));
        // (0.3, 0.3, 0.4), (0.3, 0.4, 0.3) and (0.4, 0.3, 0.3) are equally near uniform; the first in order wins.
        Assert.Equal([0.3, 0.3, 0.4], three.Best.Weights.ToArray());
        Assert.Equal([0.5, 0.5], two.Best.Weights.ToArray());
    }

    [Fact]
    public void EqualAccuracyIsDecidedByUar()
    {
        // Class a has 3 utterances, class b has 1. Network 1 gets all of a and misses b (acc 3/4, UAR 0.5);
        // network 2 gets b and two of a (acc 3/4, UAR 0.83). Every weighting has accuracy 3/4.
        float[][] first = [[0.9f, 0.1f], [0.9f, 0.1f], [0.9f, 0.1f], [0.9f, 0.1f]];
        float[][] second = [[0.6f, 0.4f], [0.6f, 0.4f], [0.3f, 0.7f], [0.3f, 0.7f]];
        int[] labels = [0, 0, 0, 1];

        var result = ScoreFusionSearch.Search([first, second], labels, TwoClasses);

        Assert.Equal(0.75, result.Best.Accuracy, 12);
        Assert.Equal((2.0 / 3 + 1) / 2, result.Best.Uar, 12);
        Assert.Contains(result.Grid, p => p.Accuracy == result.Best.Accuracy && p.Uar < result.Best.Uar);
        // λ₁ < 1/3 gives that UAR; of (0, 1) … (0.3, 0.7) the last is nearest to uniform. Uniform itself
        // has the same accuracy but the lower UAR, so the UAR rule, not nearness, decided.
        Assert.Equal([0.3, 0.7], result.Best.Weights.Select(w => Math.Round(w, 12)).ToArray());
        var uniform = result.Grid.Single(p => Math.Abs(p.Weights[0] - 0.5) < 1e-12);
        Assert.Equal(result.Best.Accuracy, uniform.Accuracy);
        Assert.True(uniform.Uar < result.Best.Uar);
    }

    [Fact]
    public void MismatchedShapesAreRefused()
    {
        float[][] scores = [[0.5f, 0.5f]];
        Assert.Throws<ArgumentException>(() => ScoreFusionSearch.Search([scores], [0, 1], TwoClasses));
        Assert.Throws<ArgumentException>(() => ScoreFusionSearch.Search([scores], [0], ["a", "b", "c"]));
        Assert.Throws<ArgumentException>(() => ScoreFusionSearch.Search([], [0], TwoClasses));
    }

    /// <summary>
    /// Two-class scores that only <paramref name="target"/> classifies fully: for every other grid point g
    /// one utterance is right iff λ·(t − g) exceeds the midpoint between g·(t − g) and t·(t − g).
    /// </summary>
    internal static (float[][][] Scores, int[] Labels) UniqueOptimum(double[] target)
    {
        var k = target.Length;
        var constraints = new List<double[]>();
        foreach (var g in ScoreFusionSearch.Grid(k))
        {
            var v = target.Zip(g, (t, x) => t - x).ToArray();
            if (v.All(x => Math.Abs(x) < 1e-12))
                continue;
            var midpoint = (Dot(target, v) + Dot(g, v)) / 2;
            constraints.Add(v.Select(x => x - midpoint).ToArray()); // Σλ = 1, so λ·(v − m) = λ·v − m.
        }

        var half = 0.5 / constraints.Max(a => a.Max(Math.Abs));
        var labels = constraints.Select((_, i) => i % 2).ToArray();
        var scores = Enumerable.Range(0, k).Select(n => constraints.Select((a, i) =>
        {
            var margin = (float)(a[n] * half);
            return labels[i] == 0 ? new[] { 0.5f + margin, 0.5f - margin } : new[] { 0.5f - margin, 0.5f + margin };
        }).ToArray()).ToArray();
        return (scores, labels);
    }

    private static double Dot(IReadOnlyList<double> a, IReadOnlyList<double> b) => a.Zip(b, (x, y) => x * y).Sum();

    [Fact]
    public void LogLossPrefersTheBetterCalibratedNetworkWhereAccuracyCannotTell()
    {
        // Both networks are always right; the second is surer. Every λ is 100 % accurate.
        var labels = Enumerable.Range(0, 20).Select(i => i % 2).ToArray();
        var unsure = labels.Select(l => l == 0 ? new[] { 0.6f, 0.4f } : new[] { 0.4f, 0.6f }).ToArray();
        var sure = labels.Select(l => l == 0 ? new[] { 0.9f, 0.1f } : new[] { 0.1f, 0.9f }).ToArray();

        var byAccuracy = ScoreFusionSearch.Search([unsure, sure], labels, TwoClasses);
        var byLogLoss = ScoreFusionSearch.Search([unsure, sure], labels, TwoClasses, criterion: ScoreFusionCriterion.LogLoss);

        Assert.Equal([0.5, 0.5], byAccuracy.Best.Weights);   // the accuracy tie goes to the weights closest to uniform
        Assert.Equal([0.0, 1.0], byLogLoss.Best.Weights);
        Assert.Equal(-Math.Log(0.9), byLogLoss.Best.LogLoss, 6);
        Assert.All(byLogLoss.Grid, p => Assert.Equal(1.0, p.Accuracy));
    }

    [Fact]
    public void WeightShrinkagePullsTheLogLossChoiceTowardsEqualWeights_TheMoreTheStrongerItIs()
    {
        // Log-loss alone puts all weight on the surer network; a prior around equal weights moves λ back, step by step.
        var labels = Enumerable.Range(0, 20).Select(i => i % 2).ToArray();
        var unsure = labels.Select(l => l == 0 ? new[] { 0.6f, 0.4f } : new[] { 0.4f, 0.6f }).ToArray();
        var sure = labels.Select(l => l == 0 ? new[] { 0.9f, 0.1f } : new[] { 0.1f, 0.9f }).ToArray();

        double[] strengths = [0, 1, 5, 20, 50, 200, 1e6];
        var chosen = strengths.Select(a => ScoreFusionSearch.Search([unsure, sure], labels, TwoClasses,
            criterion: ScoreFusionCriterion.LogLoss, weightShrinkage: a)).ToArray();

        Assert.Equal([0.0, 1.0], chosen[0].Best.Weights);
        Assert.Equal([0.5, 0.5], chosen[^1].Best.Weights);
        var distances = chosen.Select(r => Math.Abs(r.Best.Weights[0] - 0.5)).ToArray();
        Assert.All(distances.Zip(distances.Skip(1)), d => Assert.True(d.Second <= d.First, $"distances {string.Join(", ", distances)}"));
        Assert.True(distances.Distinct().Count() >= 4, $"distances {string.Join(", ", distances)}"); // it moves gradually, not in one jump
        for (var i = 0; i < strengths.Length; i++)
        {
            // The choice minimises the penalised log-loss over the grid; the recorded log-loss stays the plain one.
            var penalised = chosen[i].Grid.Select(p => ScoreFusionSearch.PenalisedLogLoss(p, labels.Length, strengths[i])).ToArray();
            Assert.Equal(penalised.Min(), ScoreFusionSearch.PenalisedLogLoss(chosen[i].Best, labels.Length, strengths[i]));
            Assert.Equal(ScoreFusionSearch.Score([unsure, sure], labels, TwoClasses, chosen[i].Best.Weights).LogLoss, chosen[i].Best.LogLoss, 12);
        }
    }

    [Fact]
    public void WeightShrinkageFadesAsTheFusionDataGrows()
    {
        // The same evidence per utterance, twenty times as many utterances: the prior counts for a twentieth as much.
        var point = new FusionGridPoint([0.1, 0.2, 0.7], 1, 1, LogLoss: 0.8);
        var equalPoint = new FusionGridPoint([1 / 3.0, 1 / 3.0, 1 / 3.0], 1, 1, LogLoss: 0.8);

        var few = ScoreFusionSearch.PenalisedLogLoss(point, 20, 50) - point.LogLoss;
        var many = ScoreFusionSearch.PenalisedLogLoss(point, 400, 50) - point.LogLoss;

        Assert.True(few > 0);
        Assert.Equal(few / 20, many, 12);
        Assert.Equal(0.8, ScoreFusionSearch.PenalisedLogLoss(equalPoint, 20, 50), 12);
        Assert.Equal(0.8, ScoreFusionSearch.PenalisedLogLoss(point, 20, 0));
    }

    [Fact]
    public void WeightShrinkageLeavesThePapersAccuracyRuleAlone_AndMustBeAFiniteNonNegativeNumber()
    {
        var (scores, labels) = UniqueOptimum([0.0, 0.1, 0.9]);

        var plain = ScoreFusionSearch.Search(scores, labels, TwoClasses);
        var withPrior = ScoreFusionSearch.Search(scores, labels, TwoClasses, weightShrinkage: 1e6);

        Assert.Equal(plain.Best.Weights, withPrior.Best.Weights);
        foreach (var bad in new[] { -1, double.NaN, double.PositiveInfinity })
            Assert.Throws<ArgumentOutOfRangeException>(() => ScoreFusionSearch.Search(scores, labels, TwoClasses, weightShrinkage: bad));
    }
}
