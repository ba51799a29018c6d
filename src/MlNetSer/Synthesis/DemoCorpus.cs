using System.Globalization;
using MlNetSer.Audio;
using MlNetSer.Data;

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
        var folder = Path.GetFullPath(directory);
        Directory.CreateDirectory(folder);

        var jobs = new List<(SpeakerVoice Speaker, EmotionProfile Emotion, int Utterance, ManifestSplit Split)>();
        for (var s = 0; s < options.Speakers; s++)
        {
            var speaker = SpeakerVoice.Create(s, options.Seed);
            var split = options.TestSpeakers == 0 ? ManifestSplit.None : s >= options.Speakers - options.TestSpeakers ? ManifestSplit.Test : ManifestSplit.Train;
            foreach (var emotion in options.Emotions)
            {
                for (var u = 0; u < options.UtterancesPerEmotion; u++)
                    jobs.Add((speaker, emotion, u, split));
            }
        }

        var entries = new SerManifestEntry[jobs.Count];
        // Files are independent (own random streams), so writing them in parallel changes no byte.
        try
        {
            Parallel.For(0, jobs.Count, i => WriteUtterance(i));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The first failure as itself (e.g. an IOException naming the file), not wrapped.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        var manifestPath = Path.Combine(folder, ManifestFileName);
        SerManifest.Write(manifestPath, entries);
        return new DemoCorpusResult(manifestPath, SerManifest.Read(manifestPath));

        void WriteUtterance(int i)
        {
            var (speaker, emotion, utterance, split) = jobs[i];
            var path = Path.Combine(folder, speaker.Id, $"{emotion.Name}_{(utterance + 1).ToString("00", CultureInfo.InvariantCulture)}.wav");
            var random = new SynthesisRandom(SynthesisRandom.Seed(options.Seed, StableHash(speaker.Id), StableHash(emotion.Name), utterance));
            var samples = UtteranceSynthesizer.Synthesize(speaker, emotion, options, random);
            WavWriter.WritePcm16(path, samples, options.SampleRate);
            entries[i] = new SerManifestEntry(path, emotion.Name, speaker.Id, split, i + 2);
        }
    }

    // FNV-1a over the UTF-16 code units: string.GetHashCode is randomised per process.
    private static long StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        return (long)hash;
    }
}
