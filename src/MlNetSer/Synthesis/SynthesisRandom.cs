namespace MlNetSer.Synthesis;

/// <summary>
/// A small deterministic generator (xoshiro256**, seeded through SplitMix64) whose sequence is fixed by this
/// code alone, so that a corpus is byte-identical across runtimes and machines (System.Random makes no such
/// promise across .NET versions).
/// </summary>
internal sealed class SynthesisRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator seeded by <paramref name="seed"/>.</summary>
    public SynthesisRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>
    /// A seed derived from several numbers (corpus seed, speaker, emotion, utterance), so that each file has its
    /// own stream and does not depend on which other files are written.
    /// </summary>
    public static ulong Seed(params ReadOnlySpan<long> parts)
    {
        var state = 0x5EED_C0DE_2021UL;
        var hash = 0UL;
        foreach (var part in parts)
        {
            state ^= (ulong)part;
            hash = SplitMix(ref state) ^ (hash * 0x9E3779B97F4A7C15UL);
        }

        return hash;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>An integer in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public int Between(int low, int high) => low + (int)(NextDouble() * (high - low + 1));

    /// <summary>Standard normal (Box–Muller; one value per call keeps the stream easy to reason about).</summary>
    public double Gaussian()
    {
        var u = 1.0 - NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * NextDouble());
    }

    /// <summary>Normal with the given mean and standard deviation.</summary>
    public double Normal(double mean, double sd) => mean + sd * Gaussian();

    /// <summary>A positive factor around 1: exp(N(0, <paramref name="sd"/>)).</summary>
    public double Factor(double sd) => Math.Exp(sd * Gaussian());

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
