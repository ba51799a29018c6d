namespace MlNetSer.Synthesis;

/// <summary>
/// One utterance's own prosody and voice quality: the emotion's means with per-utterance randomness, so that
/// utterances of one emotion vary and those of neighbouring emotions overlap. The spreads are the same for every
/// emotion; only the means differ.
/// </summary>
internal sealed record UtteranceProsody(
    double PitchShift,
    double PitchRange,
    double Declination,
    double FinalRise,
    double Rate,
    double PauseScale,
    double Dynamics,
    double Jitter,
    double Shimmer,
    double OpenQuotient,
    double Tilt,
    double Breathiness,
    double TremorDepth,
    double TremorRate)
{
    /// <summary>Draws an utterance of <paramref name="emotion"/> spoken by <paramref name="speaker"/>.</summary>
    public static UtteranceProsody Draw(EmotionProfile emotion, SpeakerVoice speaker, SynthesisRandom random) => new(
        PitchShift: random.Normal(emotion.PitchShift, 1.5),
        PitchRange: emotion.PitchRange * random.Factor(0.3),
        Declination: random.Normal(emotion.Declination, 1.0),
        FinalRise: random.Normal(emotion.FinalRise, 1.5),
        Rate: emotion.Rate * random.Factor(0.1),
        PauseScale: emotion.PauseScale * random.Factor(0.25),
        Dynamics: emotion.Dynamics * random.Factor(0.3),
        Jitter: emotion.Jitter * random.Factor(0.3),
        Shimmer: emotion.Shimmer * random.Factor(0.3),
        OpenQuotient: Math.Clamp(random.Normal(emotion.OpenQuotient, 0.05), 0.3, 0.9),
        Tilt: Math.Clamp(random.Normal(emotion.Tilt + speaker.TiltOffset, 0.08), 0, 0.9),
        Breathiness: emotion.Breathiness * random.Factor(0.3),
        TremorDepth: emotion.TremorDepth * random.Factor(0.3),
        TremorRate: emotion.TremorRate * random.Factor(0.1));
}
