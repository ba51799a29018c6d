namespace MlNetSer.Synthesis;

/// <summary>
/// A second-order digital resonator (Klatt 1980): y[n] = A x[n] + B y[n−1] + C y[n−2] with unit gain at 0 Hz,
/// so that a cascade of them gives the formants their natural relative levels. Frequency and bandwidth can
/// change between samples (formant transitions) without resetting the state.
/// </summary>
internal sealed class FormantResonator
{
    private readonly int _sampleRate;
    private double _a, _b, _c, _y1, _y2;

    /// <summary>A resonator at <paramref name="sampleRate"/> Hz, initially at <paramref name="frequency"/> with <paramref name="bandwidth"/>.</summary>
    public FormantResonator(int sampleRate, double frequency, double bandwidth)
    {
        _sampleRate = sampleRate;
        Tune(frequency, bandwidth);
    }

    /// <summary>Sets the centre frequency and bandwidth in Hz (the frequency is kept below Nyquist).</summary>
    public void Tune(double frequency, double bandwidth)
    {
        frequency = Math.Min(frequency, 0.45 * _sampleRate);
        var r = Math.Exp(-Math.PI * bandwidth / _sampleRate);
        _c = -r * r;
        _b = 2 * r * Math.Cos(2 * Math.PI * frequency / _sampleRate);
        _a = 1 - _b - _c;
    }

    /// <summary>Filters one sample.</summary>
    public double Process(double x)
    {
        var y = _a * x + _b * _y1 + _c * _y2;
        _y2 = _y1;
        _y1 = y;
        return y;
    }
}
