namespace MlNetSer.Tests.Features;

/// <summary>
/// An independent, deliberately plain reference for the feature maths, written from the formulas in
/// The paper's feature recipe (§2.1) in double precision: O(N²) DFT, dense filterbank, clamped-index deltas.
/// </summary>
internal static class NaiveFeatures
{
    public static double HzToMel(double f) => 2595.0 * Math.Log10(1.0 + f / 700.0);

    public static double MelToHz(double m) => 700.0 * (Math.Pow(10.0, m / 2595.0) - 1.0);

    public static double[] Hamming(int n)
        => Enumerable.Range(0, n).Select(i => 0.54 - 0.46 * Math.Cos(2 * Math.PI * i / (n - 1))).ToArray();

    /// <summary>|X[k]|², k = 0 … n/2, of x zero-padded to n.</summary>
    public static double[] PowerSpectrum(double[] x, int n)
    {
        var cos = new double[n];
        var sin = new double[n];
        for (int i = 0; i < n; i++)
        {
            cos[i] = Math.Cos(2 * Math.PI * i / n);
            sin[i] = Math.Sin(2 * Math.PI * i / n);
        }

        var power = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++)
        {
            double re = 0, im = 0;
            for (int t = 0; t < x.Length; t++)
            {
                int phase = (int)((long)k * t % n);
                re += x[t] * cos[phase];
                im -= x[t] * sin[phase];
            }

            power[k] = re * re + im * im;
        }

        return power;
    }

    /// <summary>[bands][bins] triangles on the HTK scale, peak 1, no normalisation.</summary>
    public static double[][] MelMatrix(int sampleRate, int fftSize, int bands, double fMin, double fMax)
    {
        double lo = HzToMel(fMin), hi = HzToMel(fMax);
        var hz = Enumerable.Range(0, bands + 2).Select(i => MelToHz(lo + (hi - lo) * i / (bands + 1))).ToArray();
        var matrix = new double[bands][];
        for (int b = 0; b < bands; b++)
        {
            matrix[b] = new double[fftSize / 2 + 1];
            for (int k = 0; k < matrix[b].Length; k++)
            {
                double f = (double)k * sampleRate / fftSize;
                double rising = (f - hz[b]) / (hz[b + 1] - hz[b]);
                double falling = (hz[b + 2] - f) / (hz[b + 2] - hz[b + 1]);
                matrix[b][k] = Math.Max(0, Math.Min(rising, falling));
            }
        }

        return matrix;
    }

    /// <summary>Mel power (not yet logged) of every frame, [frames][bands].</summary>
    public static double[][] MelPower(float[] samples, int sampleRate = 22050, int window = 551, int hop = 220, int fftSize = 1024,
        int bands = 64, double fMin = 20, double fMax = 8000)
    {
        var w = Hamming(window);
        var fb = MelMatrix(sampleRate, fftSize, bands, fMin, fMax);
        int frames = samples.Length < window ? 0 : 1 + (samples.Length - window) / hop;
        var result = new double[frames][];
        for (int t = 0; t < frames; t++)
        {
            var x = Enumerable.Range(0, window).Select(n => samples[t * hop + n] * w[n]).ToArray();
            var p = PowerSpectrum(x, fftSize);
            result[t] = fb.Select(row => row.Zip(p, (a, b) => a * b).Sum()).ToArray();
        }

        return result;
    }

    public static double[][] LogMel(double[][] melPower, double floor = 1e-10)
        => melPower.Select(f => f.Select(v => Math.Log(Math.Max(v, floor))).ToArray()).ToArray();

    /// <summary>d_t = Σ n (c[t+n] − c[t−n]) / (2 Σ n²), indices clamped to the row.</summary>
    public static double[] Delta(double[] c, int width)
    {
        double denominator = 2 * Enumerable.Range(1, width).Sum(n => (double)n * n);
        var d = new double[c.Length];
        for (int t = 0; t < c.Length; t++)
        {
            double sum = 0;
            for (int n = 1; n <= width; n++)
                sum += n * (c[Math.Min(t + n, c.Length - 1)] - c[Math.Max(t - n, 0)]);
            d[t] = sum / denominator;
        }

        return d;
    }
}
