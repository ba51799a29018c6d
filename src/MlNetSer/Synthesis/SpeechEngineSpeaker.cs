using System.Globalization;

namespace MlNetSer.Synthesis;

/// <summary>
/// A speaker of the speech-engine corpus: an espeak-ng English accent with a male or female voice variant, plus its
/// own base pitch and speaking rate, which every emotion of that speaker shares.
/// </summary>
/// <param name="Id">The speaker's name in the manifest (<c>spk01</c>, …).</param>
/// <param name="Voice">The espeak-ng voice and variant, e.g. <c>en-us+f1</c>.</param>
/// <param name="Pitch">Base pitch on espeak-ng's 0 … 99 scale (50: the variant's own; one step is about 0.18 semitone).</param>
/// <param name="WordsPerMinute">Speaking rate of the speaker's neutral speech.</param>
public sealed record SpeechEngineSpeaker(string Id, string Voice, double Pitch, double WordsPerMinute)
{
    /// <summary>
    /// The accents, all in Debian's espeak-ng-data (no mbrola voices). British English is <c>en</c>: espeak-ng
    /// silently drops the variant of <c>en-gb+f2</c> and speaks the plain male voice.
    /// </summary>
    private static readonly string[] Accents = ["en-us", "en", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-gb-x-gbclan", "en-us-nyc", "en-gb-x-gbcwmd"];

    private const int FemaleVariants = 5;   // f1 … f5
    private const int MaleVariants = 8;     // m1 … m8

    /// <summary>
    /// How many speakers have distinct voices: even speakers take accent k mod 8 with variant f(k mod 5 + 1), odd ones
    /// accent (k + 4) mod 8 with variant m((k + k div 8) mod 8 + 1), k = index div 2; both pairs repeat only after
    /// 80 speakers.
    /// </summary>
    public const int MaxSpeakers = 80;

    /// <summary>
    /// Speaker <paramref name="index"/> (0-based) of a corpus with seed <paramref name="seed"/>: female variants for
    /// even indices, male for odd ones, each pair in two different accents, with a base pitch drawn in 50 ± 8 and a
    /// rate in 160 words per minute ± 10 %. It depends on nothing else, so adding speakers keeps the others.
    /// </summary>
    public static SpeechEngineSpeaker Create(int index, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MaxSpeakers);
        var k = index / 2;
        var voice = index % 2 == 0
            ? $"{Accents[k % Accents.Length]}+f{k % FemaleVariants + 1}"
            : $"{Accents[(k + Accents.Length / 2) % Accents.Length]}+m{(k + k / Accents.Length) % MaleVariants + 1}";
        var random = new SynthesisRandom(SynthesisRandom.Seed(seed, 0x5EEC, index));
        return new SpeechEngineSpeaker(
            "spk" + (index + 1).ToString("00", CultureInfo.InvariantCulture),
            voice,
            random.Uniform(42, 58),
            160 * random.Uniform(0.9, 1.1));
    }
}
