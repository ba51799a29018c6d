namespace MlNetSer.Features;

/// <summary>The HTK Mel scale: mel = 2595 · log10(1 + f / 700).</summary>
public static class MelScale
{
    /// <summary>Hertz to HTK Mel.</summary>
    public static double HzToMel(double hertz) => 2595.0 * Math.Log10(1.0 + hertz / 700.0);

    /// <summary>HTK Mel to Hertz (the inverse of <see cref="HzToMel"/>).</summary>
    public static double MelToHz(double mel) => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);
}
