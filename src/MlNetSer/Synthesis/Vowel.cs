namespace MlNetSer.Synthesis;

/// <summary>
/// The first four formants of a few vowels of an adult male voice (after Peterson and Barney 1952, rounded),
/// scaled per speaker by <see cref="SpeakerVoice.FormantScale"/>.
/// </summary>
/// <param name="Symbol">The vowel, for reading the code.</param>
/// <param name="F1">First formant in Hz.</param>
/// <param name="F2">Second formant in Hz.</param>
/// <param name="F3">Third formant in Hz.</param>
/// <param name="F4">Fourth formant in Hz.</param>
internal sealed record Vowel(string Symbol, double F1, double F2, double F3, double F4)
{
    /// <summary>Bandwidths of F1–F4 in Hz (fixed; typical modal-voice values).</summary>
    public static readonly double[] Bandwidths = [80, 100, 150, 220];

    /// <summary>The vowels syllables are drawn from.</summary>
    public static readonly IReadOnlyList<Vowel> All =
    [
        new("a", 730, 1090, 2440, 3400),
        new("i", 270, 2290, 3010, 3700),
        new("u", 300, 870, 2240, 3300),
        new("e", 530, 1840, 2480, 3500),
        new("o", 570, 840, 2410, 3350),
        new("æ", 660, 1720, 2410, 3400),
    ];

    /// <summary>Formant <paramref name="index"/> (0–3) in Hz.</summary>
    public double Formant(int index) => index switch { 0 => F1, 1 => F2, 2 => F3, _ => F4 };
}
