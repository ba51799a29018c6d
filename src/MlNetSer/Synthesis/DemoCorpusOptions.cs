namespace MlNetSer.Synthesis;

/// <summary>Options of <see cref="DemoCorpus.Write"/>.</summary>
public sealed class DemoCorpusOptions
{
    /// <summary>Synthetic speakers. Default 8.</summary>
    public int Speakers { get; set; } = 8;

    /// <summary>Utterances per speaker and emotion. Default 4.</summary>
    public int UtterancesPerEmotion { get; set; } = 4;

    /// <summary>Seed: the same options and seed give byte-identical files. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// The emotions and how each shapes the voice (default <see cref="EmotionProfile.Defaults"/>: anger, disgust,
    /// fear, joy, sadness, surprise, neutral). Their names are the labels.
    /// </summary>
    public IReadOnlyList<EmotionProfile> Emotions { get; set; } = EmotionProfile.Defaults;

    /// <summary>
    /// How many speakers (the last ones) the manifest's <c>split</c> column marks <c>test</c>, the others
    /// <c>train</c>: a speaker-independent fixed split. Default 0: no split column.
    /// </summary>
    public int TestSpeakers { get; set; }

    /// <summary>Sample rate of the WAV files in Hz. Default 22 050, the rate the features are computed at (no resampling).</summary>
    public int SampleRate { get; set; } = 22050;

    /// <summary>Shortest utterance in seconds. Default 1.5. Lengths are drawn uniformly between this and <see cref="MaxSeconds"/>, whatever the emotion.</summary>
    public double MinSeconds { get; set; } = 1.5;

    /// <summary>Longest utterance in seconds. Default 3.5.</summary>
    public double MaxSeconds { get; set; } = 3.5;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Speakers < 1)
            throw new ArgumentException($"Speakers must be at least 1 (got {Speakers}).", nameof(Speakers));
        if (Speakers > 999)
            throw new ArgumentException($"Speakers must be at most 999 (got {Speakers}).", nameof(Speakers));
        if (UtterancesPerEmotion < 1)
            throw new ArgumentException($"UtterancesPerEmotion must be at least 1 (got {UtterancesPerEmotion}).", nameof(UtterancesPerEmotion));
        EmotionProfile.ValidateList(Emotions, e => e.Name, e => e.Validate(), nameof(Emotions));
        if (TestSpeakers < 0 || TestSpeakers >= Speakers)
            throw new ArgumentException($"TestSpeakers must be in [0, Speakers − 1] = [0, {Speakers - 1}] so that some speakers train (got {TestSpeakers}).", nameof(TestSpeakers));
        if (SampleRate < 8000 || SampleRate > 192000)
            throw new ArgumentException($"SampleRate must be in [8000, 192000] Hz (got {SampleRate}).", nameof(SampleRate));
        if (!(MinSeconds >= 0.5 && MinSeconds <= MaxSeconds && MaxSeconds <= 60))
            throw new ArgumentException($"MinSeconds and MaxSeconds must satisfy 0.5 ≤ MinSeconds ≤ MaxSeconds ≤ 60 (got {MinSeconds} and {MaxSeconds}).", nameof(MinSeconds));
    }
}
