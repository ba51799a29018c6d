namespace MlNetSer.Tests.Synthesis;

/// <summary>
/// Measures an utterance from its samples alone, the way a listener's instruments would: F0 by normalised
/// autocorrelation on voiced frames, overall RMS level and duration.
/// </summary>
internal sealed record ProsodyMeasures(double MedianF0, double F0RangeSemitones, double VoicedShare, double RmsDb, double Seconds, double SyllablesPerSecond)
{
    public static ProsodyMeasures Of(float[] samples, int sampleRate)
    {
        // Halving the rate (pair means) keeps F0 up to 700 Hz and makes the autocorrelation four times cheaper.
        var rate = sampleRate / 2.0;
        var x = new double[samples.Length / 2];
        for (var i = 0; i < x.Length; i++)
            x[i] = 0.5 * (samples[2 * i] + samples[2 * i + 1]);
        var frame = (int)(0.04 * rate);
        var hop = (int)(0.02 * rate);
        var minLag = (int)(rate / 700);
        var maxLag = (int)(rate / 60);
        var energies = new List<double>();
        for (var start = 0; start + frame + maxLag <= x.Length; start += hop)
            energies.Add(Dot(x, start, start, frame));
        var loudest = energies.Count > 0 ? energies.Max() : 0;

        var f0s = new List<double>();
        for (var k = 0; k < energies.Count; k++)
        {
            // Quiet frames are pauses or background noise.
            if (energies[k] < 0.05 * loudest)
                continue;
            var start = k * hop;
            var correlation = new double[maxLag + 1];
            for (var lag = minLag; lag <= maxLag; lag++)
                correlation[lag] = Dot(x, start, start + lag, frame) / Math.Sqrt(energies[k] * Dot(x, start + lag, start + lag, frame) + 1e-20);
            var best = correlation.Max();
            // The shortest lag nearly as good as the best: multiples of the period correlate as well (octave errors).
            var lagOfF0 = Enumerable.Range(minLag, maxLag - minLag + 1).First(lag => correlation[lag] >= 0.9 * best);
            if (best > 0.6)
                f0s.Add(rate / lagOfF0);
        }

        // Syllable nuclei: peaks of the energy envelope (in dB, within 35 dB of the loudest frame) that stand at
        // least 4 dB above the dip since the previous peak (the consonants and pauses between vowels).
        var nuclei = 0;
        var level = energies.Select(e => 10 * Math.Log10(e + 1e-20)).ToArray();
        var floor = level.Length > 0 ? level.Max() - 35 : 0;
        var dip = double.MaxValue;
        var peak = double.MinValue;
        foreach (var db in level)
        {
            if (peak > double.MinValue && db < peak - 4)
            {
                // The envelope has fallen well below the last candidate: that one was a nucleus.
                nuclei++;
                peak = double.MinValue;
                dip = db;
            }

            dip = Math.Min(dip, db);
            if (db > floor && db > dip + 4 && db > peak)
                peak = db;
        }

        if (peak > double.MinValue)
            nuclei++;

        f0s.Sort();
        var median = f0s.Count > 0 ? f0s[f0s.Count / 2] : double.NaN;
        var semitones = f0s.Select(f => 12 * Math.Log2(f)).ToArray();
        // Interquartile range: robust to the odd frame whose period is misread.
        var spread = semitones.Length > 3 ? semitones[3 * semitones.Length / 4] - semitones[semitones.Length / 4] : double.NaN;
        var rms = Math.Sqrt(samples.Sum(v => (double)v * v) / samples.Length);
        var seconds = (double)samples.Length / sampleRate;
        return new ProsodyMeasures(median, spread, (double)f0s.Count / Math.Max(1, energies.Count), 20 * Math.Log10(rms), seconds, nuclei / seconds);
    }

    private static double Dot(double[] x, int a, int b, int length)
    {
        var sum = 0.0;
        for (var i = 0; i < length; i++)
            sum += x[a + i] * x[b + i];
        return sum;
    }
}
