namespace MlNetSer.Tests.Features;

/// <summary>Small deterministic test signals.</summary>
internal static class FeatureTestSignals
{
    public static float[] Noise(int length, int seed, double amplitude = 0.5)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)(amplitude * (2 * random.NextDouble() - 1))).ToArray();
    }

    public static float[] Tones(int length, params double[] hertz)
        => Enumerable.Range(0, length)
            .Select(n => (float)hertz.Sum(f => 0.3 * Math.Sin(2 * Math.PI * f * n / 22050.0)))
            .ToArray();

    public static float[] NoisyTones(int length, int seed)
    {
        var noise = Noise(length, seed, 0.05);
        var tones = Tones(length, 220, 1330, 4100);
        return noise.Zip(tones, (a, b) => a + b).ToArray();
    }
}
