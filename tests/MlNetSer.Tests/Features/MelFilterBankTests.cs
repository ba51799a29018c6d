using MlNetSer.Features;

namespace MlNetSer.Tests.Features;

public class MelFilterBankTests
{
    private static readonly MelFilterBank Default = new(22050, 1024, 64, 20, 8000);

    [Fact]
    public void EdgesSpanTwentyHertzToEightKilohertzEquallyOnTheHtkScale()
    {
        var edges = Default.EdgeFrequencies.ToArray();
        Assert.Equal(66, edges.Length);
        Assert.Equal(20.0, edges[0], 1e-9);
        Assert.Equal(8000.0, edges[^1], 1e-9);
        // HTK: mel = 2595 log10(1 + f / 700); 20 Hz ≈ 31.75 mel, 8 kHz ≈ 2840.02 mel.
        Assert.Equal(31.75, NaiveFeatures.HzToMel(20), 1e-2);
        Assert.Equal(2840.02, NaiveFeatures.HzToMel(8000), 1e-2);
        double step = (NaiveFeatures.HzToMel(8000) - NaiveFeatures.HzToMel(20)) / 65;
        for (int i = 1; i < edges.Length; i++)
            Assert.Equal(step, MelScale.HzToMel(edges[i]) - MelScale.HzToMel(edges[i - 1]), 1e-6);
    }

    [Fact]
    public void TrianglesPeakAtOneOnTheirCentreAndVanishAtTheirCorners()
    {
        var edges = Default.EdgeFrequencies.ToArray();
        for (int b = 0; b < Default.Bands; b++)
        {
            Assert.Equal(1.0, Default.Weight(b, edges[b + 1]), 1e-12);
            Assert.Equal(0.0, Default.Weight(b, edges[b]), 1e-12);
            Assert.Equal(0.0, Default.Weight(b, edges[b + 2]), 1e-12);
            Assert.Equal(0.5, Default.Weight(b, (edges[b] + edges[b + 1]) / 2), 1e-12);
        }
    }

    [Fact]
    public void MatrixMatchesTheFormulaWithNoAreaNormalisation()
    {
        var expected = NaiveFeatures.MelMatrix(22050, 1024, 64, 20, 8000);
        var actual = Default.ToMatrix();
        Assert.Equal(64 * 513, actual.Length);
        for (int b = 0; b < 64; b++)
        {
            for (int k = 0; k < 513; k++)
                Assert.Equal(expected[b][k], actual[b * 513 + k], 1e-6);
            // Unnormalised: the largest weight of each band is close to (and never above) 1.
            Assert.InRange(expected[b].Max(), 0.5, 1.0);
        }
    }

    [Fact]
    public void SparseRunsHoldEveryNonZeroWeightAndNothingAbove8kHzIsRead()
    {
        var dense = Default.ToMatrix();
        int nonZero = dense.Count(v => v > 0);
        int stored = Enumerable.Range(0, 64).Sum(b => Default.BandWeights(b).Length);
        Assert.Equal(nonZero, stored);
        Assert.Equal(371, Default.MaxBin);   // bin 371 = 7 989 Hz, bin 372 = 8 010 Hz
        Assert.True(Default.BinFrequency(Default.MaxBin + 1) >= 8000);
    }

    [Fact]
    public void ApplyIsTheMatrixProduct()
    {
        var power = FeatureTestSignals.Noise(513, 4).Select(Math.Abs).ToArray();
        var mel = new float[64];
        Default.Apply(power, mel);
        var matrix = Default.ToMatrix();
        for (int b = 0; b < 64; b++)
            Assert.Equal(Enumerable.Range(0, 513).Sum(k => (double)matrix[b * 513 + k] * power[k]), mel[b], 1e-4);
    }

    [Fact]
    public void HammingWindowIsSymmetricWithTheTextbookEnds()
    {
        var w = HammingWindow.Symmetric(551);
        Assert.Equal(0.08, w[0], 1e-6);
        Assert.Equal(0.08, w[550], 1e-6);
        Assert.Equal(1.0, w[275], 1e-6);
        for (int n = 0; n < 551; n++)
            Assert.Equal(w[n], w[550 - n]);
    }
}
