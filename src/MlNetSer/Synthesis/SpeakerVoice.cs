using System.Globalization;

namespace MlNetSer.Synthesis;

/// <summary>
/// A synthetic speaker's own voice, which every emotion of that speaker shares: pitch, vocal-tract size (a
/// scale on the formant frequencies), speaking rate and a spectral-tilt offset. Speakers differ by more than
/// some emotions do, so that a classifier has to look at prosody relative to the speaker.
/// </summary>
/// <param name="Id">The speaker's name in the manifest (<c>spk01</c>, …).</param>
/// <param name="PitchHz">Mean F0 of the speaker's neutral speech, in Hz.</param>
/// <param name="FormantScale">Factor on the reference formant frequencies (shorter vocal tracts are above 1).</param>
/// <param name="SyllableRate">Syllables per second of the speaker's neutral speech.</param>
/// <param name="TiltOffset">Added to the emotion's source low-pass coefficient (a darker or brighter voice).</param>
public sealed record SpeakerVoice(string Id, double PitchHz, double FormantScale, double SyllableRate, double TiltOffset)
{
    /// <summary>
    /// The voice of speaker <paramref name="index"/> (0-based) of a corpus with seed <paramref name="seed"/>:
    /// even indices get a higher (female-like) register, odd ones a lower (male-like) one, and each its own
    /// random pitch, formant scale, rate and tilt. It depends on nothing else, so adding speakers keeps the others.
    /// </summary>
    public static SpeakerVoice Create(int index, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var random = new SynthesisRandom(SynthesisRandom.Seed(seed, 0x5BEA, index));
        var high = index % 2 == 0;
        return new SpeakerVoice(
            "spk" + (index + 1).ToString("00", CultureInfo.InvariantCulture),
            high ? random.Uniform(170, 240) : random.Uniform(92, 140),
            high ? random.Uniform(1.06, 1.2) : random.Uniform(0.88, 1.0),
            random.Uniform(3.6, 5.0),
            random.Uniform(-0.1, 0.1));
    }
}
