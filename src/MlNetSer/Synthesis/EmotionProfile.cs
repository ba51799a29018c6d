namespace MlNetSer.Synthesis;

/// <summary>
/// How an emotion shapes the synthetic voice: the mean prosody and voice quality of its utterances, on top of
/// each speaker's own voice. Every utterance draws its own values around these means (see
/// <see cref="DrawUtterance"/>), so that neighbouring emotions overlap. The defaults are a caricature of the
/// tendencies reported for acted emotional speech (high, wide, fast and pressed anger; low, narrow, slow and
/// breathy sadness; a rising end for surprise; tremor for fear), not a model of any real corpus.
/// </summary>
/// <param name="Name">The label written to the manifest.</param>
/// <param name="PitchShift">Mean F0 in semitones relative to the speaker's own pitch.</param>
/// <param name="PitchRange">Height of the pitch accents on stressed syllables, in semitones.</param>
/// <param name="Declination">Fall of F0 over each phrase, in semitones (negative: a rise).</param>
/// <param name="FinalRise">Pitch movement over the utterance's last syllable, in semitones (positive: a rise).</param>
/// <param name="Rate">Factor on the speaker's syllable rate.</param>
/// <param name="PauseScale">Factor on the pauses between phrases.</param>
/// <param name="Dynamics">Loudness contrast between stressed and unstressed syllables, in dB.</param>
/// <param name="Jitter">Standard deviation of the glottal period, as a fraction of the period.</param>
/// <param name="Shimmer">Standard deviation of the glottal pulse amplitude, as a fraction.</param>
/// <param name="OpenQuotient">Open share of the glottal cycle (0.35 pressed, bright … 0.8 lax, soft).</param>
/// <param name="Tilt">Coefficient of a one-pole low-pass on the source (0 bright … 0.9 dark): the spectral tilt.</param>
/// <param name="Breathiness">Level of aspiration noise relative to the voiced source.</param>
/// <param name="TremorDepth">Depth of the slow F0 and amplitude modulation, as a fraction (0: none).</param>
/// <param name="TremorRate">Rate of that modulation in Hz.</param>
public sealed record EmotionProfile(
    string Name,
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
    /// <summary>Neutral: the speaker's own pitch with a mild fall, moderate everything.</summary>
    public static EmotionProfile Neutral { get; } = new("neutral", 0, 2.0, 2.0, -0.5, 1.0, 1.0, 3, 0.006, 0.03, 0.60, 0.50, 0.03, 0, 5);

    /// <summary>Anger: raised pitch, wide falling accents, fast, strong loudness contrast, pressed and bright voice.</summary>
    public static EmotionProfile Anger { get; } = new("anger", 3.5, 4.5, 4.0, -1.5, 1.15, 0.7, 7, 0.012, 0.06, 0.40, 0.15, 0.02, 0, 5);

    /// <summary>Disgust: lowered pitch, slow, creaky (large jitter and shimmer), moderate contrast.</summary>
    public static EmotionProfile Disgust { get; } = new("disgust", -2.0, 3.0, 1.0, -2.0, 0.80, 1.3, 4, 0.028, 0.09, 0.50, 0.55, 0.04, 0, 5);

    /// <summary>Fear: high, narrow-range pitch, fast, breathy, with a 7 Hz tremor.</summary>
    public static EmotionProfile Fear { get; } = new("fear", 5.0, 1.8, 0.0, 1.0, 1.25, 1.0, 3, 0.020, 0.07, 0.70, 0.45, 0.10, 0.035, 7);

    /// <summary>Joy: raised pitch, the widest accents, slightly fast, bright, a slight final rise.</summary>
    public static EmotionProfile Joy { get; } = new("joy", 3.5, 6.5, 1.0, 1.5, 1.10, 0.9, 5, 0.008, 0.04, 0.50, 0.30, 0.03, 0, 5);

    /// <summary>Sadness: lowered, flat pitch, slow with long pauses, little contrast, lax, dark and breathy, slight tremor.</summary>
    public static EmotionProfile Sadness { get; } = new("sadness", -2.5, 1.0, 1.5, -1.0, 0.75, 1.6, 1.5, 0.012, 0.05, 0.75, 0.70, 0.08, 0.015, 5);

    /// <summary>Surprise: high pitch, wide accents, a strong rise at the end.</summary>
    public static EmotionProfile Surprise { get; } = new("surprise", 4.5, 6.0, -1.0, 6.0, 1.0, 1.0, 5, 0.008, 0.04, 0.55, 0.35, 0.04, 0, 5);

    /// <summary>The seven default profiles, in the label vocabulary of the dataset readers (anger, disgust, fear, joy, sadness, surprise, neutral).</summary>
    public static IReadOnlyList<EmotionProfile> Defaults { get; } = [Anger, Disgust, Fear, Joy, Sadness, Surprise, Neutral];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of its range.</summary>
    public void Validate()
    {
        ValidateName(Name);
        void Check(string name, double value, double low, double high) => CheckRange(Name, name, value, low, high);

        Check(nameof(PitchShift), PitchShift, -12, 12);
        Check(nameof(PitchRange), PitchRange, 0, 12);
        Check(nameof(Declination), Declination, -12, 12);
        Check(nameof(FinalRise), FinalRise, -12, 12);
        Check(nameof(Rate), Rate, 0.3, 3);
        Check(nameof(PauseScale), PauseScale, 0, 5);
        Check(nameof(Dynamics), Dynamics, 0, 20);
        Check(nameof(Jitter), Jitter, 0, 0.2);
        Check(nameof(Shimmer), Shimmer, 0, 0.5);
        Check(nameof(OpenQuotient), OpenQuotient, 0.2, 0.95);
        Check(nameof(Tilt), Tilt, 0, 0.95);
        Check(nameof(Breathiness), Breathiness, 0, 1);
        Check(nameof(TremorDepth), TremorDepth, 0, 0.2);
        Check(nameof(TremorRate), TremorRate, 0, 20);
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="name"/> can be a label and a file name: non-empty,
    /// without commas, quotes, slashes or line breaks.
    /// </summary>
    internal static void ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny([',', '"', '\n', '\r', '/', '\\']) >= 0)
            throw new ArgumentException($"An emotion name must be non-empty text without commas, quotes, slashes or line breaks (got '{name}').", nameof(Name));
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming <paramref name="option"/> unless <paramref name="emotions"/> holds at
    /// least one emotion, each valid (<paramref name="validate"/>) and each name once (ignoring case: they become file names).
    /// </summary>
    internal static void ValidateList<T>(IReadOnlyList<T>? emotions, Func<T, string> name, Action<T> validate, string option)
    {
        if (emotions is not { Count: > 0 })
            throw new ArgumentException($"{option} must hold at least one profile.", option);
        foreach (var emotion in emotions)
        {
            ArgumentNullException.ThrowIfNull(emotion, option);
            validate(emotion);
        }

        if (emotions.Select(name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != emotions.Count)
            throw new ArgumentException($"{option} has a duplicate name: {string.Join(", ", emotions.Select(name))}.", option);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming emotion <paramref name="emotion"/>'s setting <paramref name="name"/> unless <paramref name="value"/> is in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    internal static void CheckRange(string emotion, string name, double value, double low, double high)
    {
        if (!(value >= low && value <= high))
            throw new ArgumentException($"Emotion '{emotion}': {name} must be in [{low}, {high}] (got {value}).", name);
    }

    /// <summary>
    /// One utterance's own prosody and voice quality: these means with per-utterance randomness, so that utterances
    /// of one emotion vary and those of neighbouring emotions overlap. The spreads are the same for every emotion;
    /// only the means differ.
    /// </summary>
    internal EmotionProfile DrawUtterance(SpeakerVoice speaker, SynthesisRandom random) => this with
    {
        PitchShift = random.Normal(PitchShift, 1.5),
        PitchRange = PitchRange * random.Factor(0.3),
        Declination = random.Normal(Declination, 1.0),
        FinalRise = random.Normal(FinalRise, 1.5),
        Rate = Rate * random.Factor(0.1),
        PauseScale = PauseScale * random.Factor(0.25),
        Dynamics = Dynamics * random.Factor(0.3),
        Jitter = Jitter * random.Factor(0.3),
        Shimmer = Shimmer * random.Factor(0.3),
        OpenQuotient = Math.Clamp(random.Normal(OpenQuotient, 0.05), 0.3, 0.9),
        Tilt = Math.Clamp(random.Normal(Tilt + speaker.TiltOffset, 0.08), 0, 0.9),
        Breathiness = Breathiness * random.Factor(0.3),
        TremorDepth = TremorDepth * random.Factor(0.3),
        TremorRate = TremorRate * random.Factor(0.1),
    };
}
