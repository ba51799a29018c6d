namespace MlNetSer.Cli.Demo;

/// <summary>
/// A deterministic vowel-like test signal: a harmonic source with a slowly gliding pitch, shaped by
/// three formant resonances of an /a/ (700, 1220, 2600 Hz), with a soft attack and release. It has
/// the structure the features look at (pitch harmonics, formants, energy over time) without needing
/// any recording.
/// </summary>
public static class VowelSignal
{
    private static readonly (double Frequency, double Bandwidth, double Gain)[] Formants =
    [
        (700, 130, 1.0),
        (1220, 70, 0.5),
        (2600, 160, 0.25),
    ];

    /// <summary>Synthesises <paramref name="seconds"/> of the vowel at <paramref name="sampleRate"/> Hz, peak 0.8.</summary>
    public static float[] Synthesize(double seconds = 3.0, int sampleRate = 22050)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var length = (int)Math.Round(seconds * sampleRate);
        var samples = new double[length];
        var phase = 0.0;
        for (var i = 0; i < length; i++)
        {
            var t = (double)i / sampleRate;
            // Pitch falls from 140 to 110 Hz like a declarative utterance, with 5 Hz vibrato.
            var f0 = 140 - 30 * t / seconds + 3 * Math.Sin(2 * Math.PI * 5 * t);
            phase += 2 * Math.PI * f0 / sampleRate;
            var value = 0.0;
            for (var h = 1; h * f0 < Math.Min(sampleRate / 2.0, 5000); h++)
                value += FormantEnvelope(h * f0) / h * Math.Sin(h * phase);
            samples[i] = value * Envelope(t, seconds);
        }

        var peak = samples.Max(Math.Abs);
        return [.. samples.Select(v => (float)(0.8 * v / peak))];
    }

    private static double FormantEnvelope(double frequency)
        => Formants.Sum(f => f.Gain / (1 + Math.Pow((frequency - f.Frequency) / (f.Bandwidth / 2), 2)));

    private static double Envelope(double t, double seconds)
    {
        const double Ramp = 0.08;
        return Math.Min(1, Math.Min(t / Ramp, (seconds - t) / Ramp));
    }
}
