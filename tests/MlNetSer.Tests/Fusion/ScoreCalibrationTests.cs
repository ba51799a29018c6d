using MlNetSer.Fusion;

namespace MlNetSer.Tests.Fusion;

public sealed class ScoreCalibrationTests
{
    // Logits whose softmax is the true class distribution; labels drawn from it.
    private static (float[][] Scores, int[] Labels) Overconfident(double factor, int count, int seed)
    {
        var random = new Random(seed);
        var scores = new float[count][];
        var labels = new int[count];
        for (var u = 0; u < count; u++)
        {
            var logits = Enumerable.Range(0, 4).Select(_ => random.NextDouble() * 3).ToArray();
            var truth = Softmax(logits, 1);
            var draw = random.NextDouble();
            labels[u] = Enumerable.Range(0, 4).First(c => (draw -= truth[c]) < 0 || c == 3);
            // The network reports probabilities sharpened by `factor`: ln s = factor·z − const.
            scores[u] = Softmax(logits, factor).Select(p => (float)p).ToArray();
        }

        return (scores, labels);
    }

    private static double[] Softmax(double[] logits, double factor)
    {
        var max = logits.Max() * factor;
        var exp = logits.Select(l => Math.Exp(l * factor - max)).ToArray();
        return exp.Select(e => e / exp.Sum()).ToArray();
    }

    [Theory]
    [InlineData(3.0)]  // overconfident: T ≈ 3 undoes it
    [InlineData(0.4)]  // flat, like a mean over many weak segments: T ≈ 0.4 sharpens it
    public void FitTemperatureFindsTheFactorTheScoresWereSharpenedBy(double factor)
    {
        var (scores, labels) = Overconfident(factor, 4000, seed: 1);

        var temperature = ScoreCalibration.FitTemperature(scores, labels);

        Assert.InRange(temperature, factor * 0.85, factor * 1.15);
    }

    [Fact]
    public void ScalingKeepsEachUtterancesArgmaxAndAProbabilityDistribution()
    {
        var (scores, _) = Overconfident(2, 50, seed: 2);

        foreach (var temperature in new[] { 0.3, 1.0, 4.0 })
        {
            var scaled = ScoreCalibration.Apply(scores, temperature);
            for (var u = 0; u < scores.Length; u++)
            {
                Assert.Equal(ScoreFusionSearch.ArgMax(scores[u]), ScoreFusionSearch.ArgMax(scaled[u]));
                Assert.Equal(1, scaled[u].Sum(), 5);
            }
        }

        Assert.Equal(scores[0], ScoreCalibration.Apply((IReadOnlyList<float>)scores[0], 1.0));
    }

    [Fact]
    public void EmptyOrMismatchedInputIsRefused()
    {
        Assert.Throws<ArgumentException>(() => ScoreCalibration.FitTemperature([], []));
        Assert.Throws<ArgumentException>(() => ScoreCalibration.FitTemperature([[0.5f, 0.5f]], [0, 1]));
    }
}
