namespace MlNetSer.Synthesis;

/// <summary>
/// The voiced excitation: a train of Rosenberg glottal pulses (opening as a raised cosine over two thirds of
/// the open phase, closing as a quarter cosine over the last third), differentiated to include lip radiation.
/// Each period draws its own jitter (period perturbation) and shimmer (amplitude perturbation); the open
/// quotient sets how abrupt the closure is, hence how much high-frequency energy the voice has.
/// </summary>
internal sealed class GlottalSource
{
    private readonly int _sampleRate;
    private readonly SynthesisRandom _random;
    private double _phase;
    private double _periodFactor = 1;
    private double _amplitude = 1;
    private double _previousFlow;

    /// <summary>A source at <paramref name="sampleRate"/> Hz drawing its perturbations from <paramref name="random"/>.</summary>
    public GlottalSource(int sampleRate, SynthesisRandom random)
    {
        _sampleRate = sampleRate;
        _random = random;
    }

    /// <summary>The glottal flow of the current sample (0 closed … 1 fully open), for modulating aspiration noise.</summary>
    public double Flow { get; private set; }

    /// <summary>Advances one sample at fundamental <paramref name="f0"/> Hz and returns the flow derivative.</summary>
    /// <param name="f0">Fundamental frequency in Hz.</param>
    /// <param name="openQuotient">Open share of the period (0.2–0.95).</param>
    /// <param name="jitter">Standard deviation of each period's length, as a fraction.</param>
    /// <param name="shimmer">Standard deviation of each pulse's amplitude, as a fraction.</param>
    public double Next(double f0, double openQuotient, double jitter, double shimmer)
    {
        _phase += f0 / (_periodFactor * _sampleRate);
        if (_phase >= 1)
        {
            _phase -= Math.Floor(_phase);
            // Clamped so that an extreme draw never stops or reverses the pulse train.
            _periodFactor = Math.Clamp(1 + jitter * _random.Gaussian(), 0.5, 1.5);
            _amplitude = Math.Clamp(1 + shimmer * _random.Gaussian(), 0.2, 1.8);
        }

        var opening = 2.0 / 3 * openQuotient;
        var closing = openQuotient - opening;
        Flow = _phase < opening ? 0.5 * (1 - Math.Cos(Math.PI * _phase / opening))
            : _phase < openQuotient ? Math.Cos(Math.PI / 2 * (_phase - opening) / closing)
            : 0;
        Flow *= _amplitude;
        var derivative = Flow - _previousFlow;
        _previousFlow = Flow;
        return derivative;
    }
}
