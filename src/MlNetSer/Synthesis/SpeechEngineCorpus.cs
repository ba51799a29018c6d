namespace MlNetSer.Synthesis;

/// <summary>
/// Writes a deterministic corpus of emotional speech spoken by a real speech synthesiser, espeak-ng (WAV files and a
/// manifest): a second, independent check of what the networks learn, beside the formant synthesiser of
/// <see cref="DemoCorpus"/>. It is evidence about synthetic speech only, not about real emotional speech.
/// </summary>
/// <remarks>
/// <para>
/// Speakers (<see cref="SpeechEngineSpeaker"/>) are espeak-ng English accents with male and female voice variants,
/// each with its own base pitch and rate. Every utterance says one of a fixed pool of neutral everyday sentences
/// (<see cref="SentencePool"/>), the same pool for every emotion: the one that fits a spoken length drawn independently
/// of the emotion. The emotion (<see cref="SpeechEngineEmotion"/>) sets the means of pitch level, pitch range, speaking
/// rate, pauses between words, emphasised words and the sentence's final punctuation (its intonation), and for fear a
/// modest tremolo; each utterance draws its own values around them.
/// </para>
/// <para>
/// Every file is then recorded in its own synthetic room (<see cref="RoomReverb"/>: RT60 drawn between
/// <see cref="SpeechEngineCorpusOptions.MinRt60"/> and <see cref="SpeechEngineCorpusOptions.MaxRt60"/>), at a speech
/// level drawn in −30 … −18 dBFS, with background noise at a signal-to-noise ratio drawn between
/// <see cref="SpeechEngineCorpusOptions.MinSnrDb"/> and <see cref="SpeechEngineCorpusOptions.MaxSnrDb"/>, and with
/// pauses of room noise before and after the speech, all independently of the emotion, so that loudness or duration
/// alone do not give the label away.
/// </para>
/// <para>
/// Files are <c>&lt;speaker&gt;/&lt;emotion&gt;_&lt;nn&gt;.wav</c>, 22 050 Hz 16-bit mono PCM, with the same layout and
/// manifest as <see cref="DemoCorpus"/>. Every file has its own random stream (seed, speaker, emotion, utterance
/// number), and espeak-ng's output is itself deterministic, so the same options and seed give byte-identical files
/// with the same espeak-ng version and data. espeak-ng must be installed (Debian/Ubuntu: <c>apt-get install
/// espeak-ng</c>), or named by the <c>MLNETSER_ESPEAK</c> environment variable.
/// </para>
/// </remarks>
public static class SpeechEngineCorpus
{
    /// <summary>The manifest's file name inside the corpus folder.</summary>
    public const string ManifestFileName = DemoCorpus.ManifestFileName;

    /// <summary>Writes the corpus into <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder to write (created if missing).</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <exception cref="ArgumentException">Invalid options (the message names the option).</exception>
    /// <exception cref="SpeechEngineException">espeak-ng is not installed (checked before anything is written) or failed.</exception>
    /// <exception cref="IOException">A file or folder cannot be written (the first failure, naming its path).</exception>
    public static DemoCorpusResult Write(string directory, SpeechEngineCorpusOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        options ??= new SpeechEngineCorpusOptions();
        options.Validate();
        var engine = EspeakNg.Require();
        var speakers = Speakers(options);
        return CorpusWriter.Write(
            directory,
            [.. speakers.Select(s => s.Id)],
            [.. options.Emotions.Select(e => e.Name)],
            options.UtterancesPerEmotion,
            options.TestSpeakers,
            options.Seed,
            options.SampleRate,
            options.Threads == 0 ? Environment.ProcessorCount : options.Threads,
            file => SpokenUtterance.Render(engine, speakers[file.Speaker], options.Emotions[file.Emotion], options, file.Random));
    }

    /// <summary>The speakers that <see cref="Write"/> gives these options: their names, espeak-ng voices, pitches and rates.</summary>
    public static IReadOnlyList<SpeechEngineSpeaker> Speakers(SpeechEngineCorpusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [.. Enumerable.Range(0, options.Speakers).Select(s => SpeechEngineSpeaker.Create(s, options.Seed))];
    }

    /// <summary>The version line of the espeak-ng that would speak the corpus (the same options give the same bytes only with the same one).</summary>
    /// <exception cref="SpeechEngineException">espeak-ng is not installed or does not answer.</exception>
    public static string EngineVersion() => EspeakNg.Require().Version();
}
