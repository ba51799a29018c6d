namespace MlNetSer.Synthesis;

/// <summary>
/// The recording side that the synthetic corpora share: a speech level set independently of the emotion, then a
/// soft background hiss at a chosen level under the whole file (pauses included) and a peak limit instead of
/// clipping.
/// </summary>
internal static class RecordingChannel
{
    /// <summary>Scales <paramref name="signal"/> in place so that its RMS is <paramref name="levelDb"/> dBFS (silence stays silence).</summary>
    public static void Normalize(double[] signal, double levelDb) => Normalize(signal, levelDb, Range.All);

    /// <summary>
    /// Scales <paramref name="signal"/> in place so that the RMS of its samples in <paramref name="measured"/> is
    /// <paramref name="levelDb"/> dBFS (silence stays silence): the level of the speech, whatever pauses surround it.
    /// </summary>
    public static void Normalize(double[] signal, double levelDb, Range measured)
    {
        var part = signal[measured];
        var rms = Math.Sqrt(part.Sum(v => v * v) / part.Length);
        var scale = rms > 0 ? Math.Pow(10, levelDb / 20) / rms : 0;
        for (var i = 0; i < signal.Length; i++)
            signal[i] *= scale;
    }

    /// <summary>
    /// <paramref name="speech"/> with low-passed white noise (a soft hiss like a quiet room) at an RMS of
    /// <paramref name="noiseLevelDb"/> dBFS under the whole file, as floats; a rare peaky result is scaled down to a
    /// peak of 0.95 rather than clipped.
    /// </summary>
    public static float[] AddBackground(double[] speech, double noiseLevelDb, SynthesisRandom random)
    {
        var noise = new double[speech.Length];
        var state = 0.0;
        for (var i = 0; i < noise.Length; i++)
            noise[i] = state = 0.7 * state + 0.3 * random.Uniform(-1, 1);
        Normalize(noise, noiseLevelDb);
        var mixed = new double[speech.Length];
        for (var i = 0; i < mixed.Length; i++)
            mixed[i] = speech[i] + noise[i];
        var peak = mixed.Max(Math.Abs);
        var limit = peak > 0.95 ? 0.95 / peak : 1;
        return [.. mixed.Select(v => (float)(v * limit))];
    }
}
