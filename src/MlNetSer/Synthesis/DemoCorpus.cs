namespace MlNetSer.Synthesis;

/// <summary>
/// Writes a deterministic synthetic corpus of emotional speech (WAV files and a manifest): a way to run and
/// test the pipeline, not evidence about real emotional speech.
/// </summary>
/// <remarks>
/// Each utterance is a glottal pulse train through formant resonators, in consonant–vowel syllables and
/// phrases with pauses (<see cref="UtteranceSynthesizer"/>). The emotion (<see cref="EmotionProfile"/>) sets the
/// means of pitch level, range and contour, speaking rate, loudness contrast, jitter, shimmer, spectral tilt,
/// breathiness and tremor; each speaker (<see cref="SpeakerVoice"/>) has its own pitch, formant scale and rate;
/// each utterance draws its own values around those means, its own length and overall level (independently of
/// the emotion) and background noise. Every file has its own random stream, derived from the seed, the speaker,
/// the emotion's name and the utterance number, so it does not depend on the other files.
/// Files are <c>&lt;speaker&gt;/&lt;emotion&gt;_&lt;nn&gt;.wav</c>, 16-bit mono PCM.
/// </remarks>
public static class DemoCorpus
{
    /// <summary>The manifest's file name inside the corpus folder.</summary>
    public const string ManifestFileName = "manifest.csv";

    /// <summary>Writes the corpus into <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder to write (created if missing).</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <exception cref="ArgumentException">Invalid options (the message names the option).</exception>
    /// <exception cref="IOException">A file or folder cannot be written (the first failure, naming its path).</exception>
    public static DemoCorpusResult Write(string directory, DemoCorpusOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        options ??= new DemoCorpusOptions();
        options.Validate();
        var speakers = Enumerable.Range(0, options.Speakers).Select(s => SpeakerVoice.Create(s, options.Seed)).ToArray();
        return CorpusWriter.Write(
            directory,
            [.. speakers.Select(s => s.Id)],
            [.. options.Emotions.Select(e => e.Name)],
            options.UtterancesPerEmotion,
            options.TestSpeakers,
            options.Seed,
            options.SampleRate,
            maxParallelism: -1,
            file => UtteranceSynthesizer.Synthesize(speakers[file.Speaker], options.Emotions[file.Emotion], options, file.Random));
    }
}
