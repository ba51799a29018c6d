namespace MlNetSer.Synthesis;

/// <summary>
/// How an emotion is spoken by the speech engine (espeak-ng): the mean prosody of its utterances, on top of each
/// speaker's own voice, pitch and rate. Every utterance draws its own values around these means
/// (<see cref="DrawUtterance"/>), so that neighbouring emotions overlap. The defaults follow the same caricature of
/// acted emotional speech as <see cref="EmotionProfile"/> (high, wide, fast and emphatic anger; low, flat, slow sadness
/// with pauses between words; a questioning rise for surprise; a tremolo for fear), in espeak-ng's terms; they are
/// not a model of any real corpus.
/// </summary>
/// <remarks>
/// There is no overall loudness: every file's speech level is drawn independently of the emotion (as in the demo
/// corpus), so that loudness alone does not give the label away; loudness contrast comes from the emphasised words.
/// </remarks>
/// <param name="Name">The label written to the manifest.</param>
/// <param name="Pitch">Mean pitch on espeak-ng's 0 … 99 scale relative to the speaker's (one step is about 0.18 semitone).</param>
/// <param name="Range">Pitch range in percent of the voice's own (SSML <c>&lt;prosody range&gt;</c>; 100: unchanged).</param>
/// <param name="Rate">Factor on the speaker's words per minute.</param>
/// <param name="WordGap">Pause between words (espeak-ng <c>-g</c>), in units of 10 ms at the default speed.</param>
/// <param name="Emphasis">Share of the words of four or more letters spoken with SSML <c>&lt;emphasis&gt;</c> (louder, higher and longer).</param>
/// <param name="Exclamation">Probability that the sentence ends with "!" (espeak-ng's exclamation intonation).</param>
/// <param name="Question">Probability that it ends with "?" (a rising end); otherwise it ends with ".".</param>
/// <param name="Tremolo">Depth of a 5–8 Hz amplitude modulation added after synthesis, as a fraction (0: none).</param>
public sealed record SpeechEngineEmotion(
    string Name,
    double Pitch,
    double Range,
    double Rate,
    double WordGap,
    double Emphasis,
    double Exclamation,
    double Question,
    double Tremolo)
{
    /// <summary>Neutral: the speaker's own pitch, range and rate, statements.</summary>
    public static SpeechEngineEmotion Neutral { get; } = new(EmotionProfile.Neutral.Name, 0, 100, 1.00, 0, 0.05, 0, 0, 0);

    /// <summary>Anger: raised pitch, wide range, fast, many emphasised words, often exclaimed.</summary>
    public static SpeechEngineEmotion Anger { get; } = new(EmotionProfile.Anger.Name, 14, 150, 1.12, 0, 0.35, 0.6, 0, 0);

    /// <summary>Disgust: lowered pitch, slow with short pauses between words, some emphasis.</summary>
    public static SpeechEngineEmotion Disgust { get; } = new(EmotionProfile.Disgust.Name, -7, 110, 0.85, 2, 0.15, 0, 0, 0);

    /// <summary>Fear: the highest pitch in a narrow range, fast, sometimes questioning, with a tremolo.</summary>
    public static SpeechEngineEmotion Fear { get; } = new(EmotionProfile.Fear.Name, 30, 60, 1.20, 1, 0.05, 0, 0.3, 0.12);

    /// <summary>Joy: raised pitch, a wide range, slightly fast, some emphasis, often exclaimed.</summary>
    public static SpeechEngineEmotion Joy { get; } = new(EmotionProfile.Joy.Name, 16, 190, 1.08, 0, 0.20, 0.5, 0, 0);

    /// <summary>Sadness: lowered, flat pitch, slow, with pauses between words and no emphasis.</summary>
    public static SpeechEngineEmotion Sadness { get; } = new(EmotionProfile.Sadness.Name, -9, 45, 0.80, 3, 0, 0, 0, 0);

    /// <summary>Surprise: high pitch, the widest range, mostly questioning or exclaimed.</summary>
    public static SpeechEngineEmotion Surprise { get; } = new(EmotionProfile.Surprise.Name, 20, 200, 1.00, 0, 0.15, 0.3, 0.6, 0);

    /// <summary>The seven default emotions, with the labels and order of <see cref="EmotionProfile.Defaults"/>.</summary>
    public static IReadOnlyList<SpeechEngineEmotion> Defaults { get; } =
        [.. EmotionProfile.Defaults.Select(profile => new[] { Anger, Disgust, Fear, Joy, Sadness, Surprise, Neutral }.Single(e => e.Name == profile.Name))];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of its range.</summary>
    public void Validate()
    {
        EmotionProfile.ValidateName(Name);
        void Check(string name, double value, double low, double high) => EmotionProfile.CheckRange(Name, name, value, low, high);

        Check(nameof(Pitch), Pitch, -40, 40);
        Check(nameof(Range), Range, 0, 400);
        Check(nameof(Rate), Rate, 0.5, 2);
        Check(nameof(WordGap), WordGap, 0, 20);
        Check(nameof(Emphasis), Emphasis, 0, 1);
        Check(nameof(Exclamation), Exclamation, 0, 1);
        Check(nameof(Question), Question, 0, 1 - Exclamation);
        Check(nameof(Tremolo), Tremolo, 0, 0.5);
    }

    /// <summary>
    /// One utterance's own prosody: these means with per-utterance randomness, so that utterances of one emotion vary
    /// and those of neighbouring emotions overlap. The spreads are the same for every emotion; only the means differ.
    /// </summary>
    internal SpeechEngineEmotion DrawUtterance(SynthesisRandom random) => this with
    {
        Pitch = random.Normal(Pitch, 6),
        Range = Range * random.Factor(0.25),
        Rate = Rate * random.Factor(0.08),
        WordGap = Math.Max(0, random.Normal(WordGap, 1)),
        Emphasis = Math.Clamp(random.Normal(Emphasis, 0.08), 0, 1),
        Tremolo = Tremolo * random.Factor(0.3),
    };
}
