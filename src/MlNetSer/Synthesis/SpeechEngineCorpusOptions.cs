namespace MlNetSer.Synthesis;

/// <summary>Options of <see cref="SpeechEngineCorpus.Write"/>.</summary>
public sealed class SpeechEngineCorpusOptions
{
    /// <summary>Speakers, each a distinct espeak-ng accent and voice variant (<see cref="SpeechEngineSpeaker.Create"/>). Default 12; at most 80.</summary>
    public int Speakers { get; set; } = 12;

    /// <summary>Utterances per speaker and emotion. Default 5.</summary>
    public int UtterancesPerEmotion { get; set; } = 5;

    /// <summary>Seed: the same options, seed and espeak-ng version give byte-identical files. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// The emotions and how each is spoken (default <see cref="SpeechEngineEmotion.Defaults"/>: anger, disgust, fear,
    /// joy, sadness, surprise, neutral). Their names are the labels.
    /// </summary>
    public IReadOnlyList<SpeechEngineEmotion> Emotions { get; set; } = SpeechEngineEmotion.Defaults;

    /// <summary>
    /// How many speakers (the last ones) the manifest's <c>split</c> column marks <c>test</c>, the others
    /// <c>train</c>: a speaker-independent fixed split. Default 0: no split column.
    /// </summary>
    public int TestSpeakers { get; set; }

    /// <summary>
    /// Shortest spoken length in seconds. Default 1.5. Each utterance draws a length uniformly between this and
    /// <see cref="MaxSeconds"/>, whatever the emotion, and says the sentence that fits it at its rate; the file adds
    /// 0.15–0.35 s of room noise before and 0.25–0.45 s after the speech.
    /// </summary>
    public double MinSeconds { get; set; } = 1.5;

    /// <summary>Longest spoken length in seconds. Default 3.5.</summary>
    public double MaxSeconds { get; set; } = 3.5;

    /// <summary>Lowest signal-to-noise ratio in dB of the background noise against the speech. Default 10; each file draws its own uniformly up to <see cref="MaxSnrDb"/>.</summary>
    public double MinSnrDb { get; set; } = 10;

    /// <summary>Highest signal-to-noise ratio in dB. Default 30.</summary>
    public double MaxSnrDb { get; set; } = 30;

    /// <summary>Shortest reverberation time RT60 in seconds of the synthetic room. Default 0.2; each file draws its own uniformly up to <see cref="MaxRt60"/>.</summary>
    public double MinRt60 { get; set; } = 0.2;

    /// <summary>Longest reverberation time RT60 in seconds. Default 0.6.</summary>
    public double MaxRt60 { get; set; } = 0.6;

    /// <summary>Files synthesised at once, each running one espeak-ng process. Default 0: one per processor core.</summary>
    public int Threads { get; set; }

    /// <summary>Sample rate of the WAV files in Hz: 22 050, the rate the features are computed at (and espeak-ng's own).</summary>
    public int SampleRate => 22050;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Speakers < 1 || Speakers > SpeechEngineSpeaker.MaxSpeakers)
            throw new ArgumentException($"Speakers must be in [1, {SpeechEngineSpeaker.MaxSpeakers}], the distinct espeak-ng voices (got {Speakers}).", nameof(Speakers));
        if (UtterancesPerEmotion < 1)
            throw new ArgumentException($"UtterancesPerEmotion must be at least 1 (got {UtterancesPerEmotion}).", nameof(UtterancesPerEmotion));
        EmotionProfile.ValidateList(Emotions, e => e.Name, e => e.Validate(), nameof(Emotions));
        if (TestSpeakers < 0 || TestSpeakers >= Speakers)
            throw new ArgumentException($"TestSpeakers must be in [0, Speakers − 1] = [0, {Speakers - 1}] so that some speakers train (got {TestSpeakers}).", nameof(TestSpeakers));
        // The sentence pool spans about 1 to 5 s of speech at the emotions' rates.
        if (!(MinSeconds >= 1 && MinSeconds <= MaxSeconds && MaxSeconds <= 5))
            throw new ArgumentException($"MinSeconds and MaxSeconds must satisfy 1 ≤ MinSeconds ≤ MaxSeconds ≤ 5 (got {MinSeconds} and {MaxSeconds}).", nameof(MinSeconds));
        if (!(MinSnrDb >= -10 && MinSnrDb <= MaxSnrDb && MaxSnrDb <= 80))
            throw new ArgumentException($"MinSnrDb and MaxSnrDb must satisfy −10 ≤ MinSnrDb ≤ MaxSnrDb ≤ 80 (got {MinSnrDb} and {MaxSnrDb}).", nameof(MinSnrDb));
        if (!(MinRt60 >= 0.05 && MinRt60 <= MaxRt60 && MaxRt60 <= 2))
            throw new ArgumentException($"MinRt60 and MaxRt60 must satisfy 0.05 ≤ MinRt60 ≤ MaxRt60 ≤ 2 s (got {MinRt60} and {MaxRt60}).", nameof(MinRt60));
        if (Threads < 0)
            throw new ArgumentException($"Threads must be 0 (one per processor core) or more (got {Threads}).", nameof(Threads));
    }
}
