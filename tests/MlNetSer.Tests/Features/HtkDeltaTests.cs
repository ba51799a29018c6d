using MlNetSer.Features;

namespace MlNetSer.Tests.Features;

public class HtkDeltaTests
{
    [Fact]
    public void MatchesHandComputedRegression()
    {
        // c = [1, 2, 4, 8, 16], width 2, denominator 2·(1² + 2²) = 10, edges replicate (c[-2] = c[-1] = 1, c[5] = c[6] = 16):
        // d0 = (1·(2 − 1) + 2·(4 − 1)) / 10 = 7/10          = 0.7
        // d1 = (1·(4 − 1) + 2·(8 − 1)) / 10 = 17/10         = 1.7
        // d2 = (1·(8 − 2) + 2·(16 − 1)) / 10 = 36/10        = 3.6
        // d3 = (1·(16 − 4) + 2·(16 − 2)) / 10 = 40/10       = 4.0
        // d4 = (1·(16 − 8) + 2·(16 − 4)) / 10 = 32/10       = 3.2
        // ΔΔ on d = [0.7, 1.7, 3.6, 4.0, 3.2]:
        // dd0 = ((1.7 − 0.7) + 2·(3.6 − 0.7)) / 10 = 6.8/10   = 0.68
        // dd1 = ((3.6 − 0.7) + 2·(4.0 − 0.7)) / 10 = 9.5/10   = 0.95
        // dd2 = ((4.0 − 1.7) + 2·(3.2 − 0.7)) / 10 = 7.3/10   = 0.73
        // dd3 = ((3.2 − 3.6) + 2·(3.2 − 1.7)) / 10 = 2.6/10   = 0.26
        // dd4 = ((3.2 − 4.0) + 2·(3.2 − 3.6)) / 10 = −1.6/10  = −0.16
        float[] c = [1, 2, 4, 8, 16];
        var d = new float[5];
        var dd = new float[5];
        HtkDelta.Compute(c, 1, 5, 2, d);
        HtkDelta.Compute(d, 1, 5, 2, dd);
        AssertClose([0.7f, 1.7f, 3.6f, 4.0f, 3.2f], d);
        AssertClose([0.68f, 0.95f, 0.73f, 0.26f, -0.16f], dd);
    }

    [Fact]
    public void WidthOneIsTheCentredDifferenceOverTwo()
    {
        // d_t = (c[t+1] − c[t−1]) / 2: [(3−3)/2, (5−3)/2, (9−3)/2, (9−5)/2] = [0, 1, 3, 2]
        float[] c = [3, 3, 5, 9];
        var d = new float[4];
        HtkDelta.Compute(c, 1, 4, 1, d);
        AssertClose([0f, 1f, 3f, 2f], d);
    }

    [Fact]
    public void RowsAreIndependentAndLongRowsMatchTheReference()
    {
        // 3 rows of 40 frames exercise the vectorised interior as well as the clamped edges.
        var source = FeatureTestSignals.Noise(120, 9, 10);
        var destination = new float[120];
        HtkDelta.Compute(source, 3, 40, 2, destination);
        for (int r = 0; r < 3; r++)
        {
            var expected = NaiveFeatures.Delta(source.Skip(r * 40).Take(40).Select(v => (double)v).ToArray(), 2);
            for (int t = 0; t < 40; t++)
                Assert.Equal(expected[t], destination[r * 40 + t], 1e-4);
        }
    }

    [Fact]
    public void ConstantRowsHaveZeroDelta()
    {
        var d = new float[64];
        HtkDelta.Compute(Enumerable.Repeat(-23f, 64).ToArray(), 2, 32, 3, d);
        Assert.All(d, v => Assert.Equal(0f, v));
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 1e-5);
    }
}
