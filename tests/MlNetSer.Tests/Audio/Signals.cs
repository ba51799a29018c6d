namespace MlNetSer.Tests.Audio;

/// <summary>Test signals and the measurements the audio tests make on them.</summary>
internal static class Signals
{
    public static float[] Sine(double frequency, int sampleRate, int length, double amplitude = 0.5, double phase = 0)
    {
        var samples = new float[length];
        for (var n = 0; n < length; n++)
        {
            samples[n] = (float)(amplitude * Math.Sin((2 * Math.PI * frequency * n / sampleRate) + phase));
        }

        return samples;
    }

    /// <summary>Amplitude of the <paramref name="frequency"/> component (a single DFT bin, Goertzel-style).</summary>
    public static double Amplitude(ReadOnlySpan<float> samples, double frequency, int sampleRate)
    {
        double re = 0, im = 0;
        for (var n = 0; n < samples.Length; n++)
        {
            var angle = 2 * Math.PI * frequency * n / sampleRate;
            re += samples[n] * Math.Cos(angle);
            im -= samples[n] * Math.Sin(angle);
        }

        return 2 * Math.Sqrt((re * re) + (im * im)) / samples.Length;
    }

    public static double Rms(ReadOnlySpan<float> samples)
    {
        var sum = 0.0;
        foreach (var v in samples)
        {
            sum += (double)v * v;
        }

        return Math.Sqrt(sum / Math.Max(1, samples.Length));
    }

    /// <summary>The frequency in <paramref name="candidates"/> with the largest amplitude.</summary>
    public static double DominantFrequency(ReadOnlySpan<float> samples, int sampleRate, IEnumerable<double> candidates)
    {
        var best = double.NaN;
        var bestAmplitude = -1.0;
        foreach (var f in candidates)
        {
            var a = Amplitude(samples, f, sampleRate);
            if (a > bestAmplitude)
            {
                (best, bestAmplitude) = (f, a);
            }
        }

        return best;
    }

    public static double Db(double ratio) => 20 * Math.Log10(ratio);
}
