namespace MlNetSer.Audio;

/// <summary>
/// The Kaiser window and Kaiser's empirical design formulas (Oppenheim &amp; Schafer, §7.5.3):
/// the shape parameter β for a stop-band attenuation and the length that reaches it for a given
/// transition width.
/// </summary>
internal static class KaiserWindow
{
    /// <summary>β that gives about <paramref name="attenuationDb"/> dB of stop-band attenuation.</summary>
    public static double Beta(double attenuationDb) => attenuationDb switch
    {
        > 50 => 0.1102 * (attenuationDb - 8.7),
        >= 21 => 0.5842 * Math.Pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21),
        _ => 0,
    };

    /// <summary>
    /// Filter length (in samples of the rate that <paramref name="transitionWidthRadians"/> is measured in)
    /// that reaches <paramref name="attenuationDb"/> across a transition band that wide.
    /// </summary>
    public static int Length(double attenuationDb, double transitionWidthRadians)
        => (int)Math.Ceiling((attenuationDb - 8) / (2.285 * transitionWidthRadians)) + 1;

    /// <summary>
    /// The window at offset <paramref name="t"/> from its centre, for a window reaching zero weight
    /// at ±<paramref name="halfWidth"/>; 0 outside.
    /// </summary>
    public static double Value(double t, double halfWidth, double beta)
    {
        var x = t / halfWidth;
        if (x is < -1 or > 1)
        {
            return 0;
        }

        return BesselI0(beta * Math.Sqrt(1 - (x * x))) / BesselI0(beta);
    }

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series.</summary>
    public static double BesselI0(double x)
    {
        // Terms (x/2)^2k / (k!)^2 shrink fast for the β ≤ 15 used here; stop once they stop mattering.
        var sum = 1.0;
        var term = 1.0;
        var halfX = x / 2;
        for (var k = 1; k < 500; k++)
        {
            term *= halfX / k;
            var squared = term * term;
            sum += squared;
            if (squared < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}
