using System.Globalization;
using System.Runtime.ExceptionServices;
using MlNetSer.Audio;
using MlNetSer.Data;

namespace MlNetSer.Synthesis;

/// <summary>
/// What the synthetic corpora share: the layout <c>&lt;speaker&gt;/&lt;emotion&gt;_&lt;nn&gt;.wav</c> (16-bit mono
/// PCM) for every speaker, emotion and utterance, one random stream per file, the files written in parallel, and
/// the manifest (<c>path,label,speaker</c>, plus <c>split</c> when some speakers are test speakers).
/// </summary>
internal static class CorpusWriter
{
    /// <summary>Writes the corpus; <paramref name="synthesize"/> makes one file's samples (in [-1, 1]) from its <see cref="CorpusFile"/>.</summary>
    /// <param name="directory">The folder to write (created if missing).</param>
    /// <param name="speakers">The speakers' names (folders and the manifest's speaker column), in order.</param>
    /// <param name="emotions">The emotions' names (file names and labels), in order.</param>
    /// <param name="utterancesPerEmotion">Files per speaker and emotion.</param>
    /// <param name="testSpeakers">How many of the last speakers the split column marks test (0: no split column).</param>
    /// <param name="seed">The corpus seed that every file's random stream derives from.</param>
    /// <param name="sampleRate">Sample rate of the files in Hz.</param>
    /// <param name="maxParallelism">Files written at once (-1: as many as the thread pool gives).</param>
    /// <param name="synthesize">One file's samples.</param>
    /// <exception cref="IOException">A file or folder cannot be written (the first failure, naming its path).</exception>
    public static DemoCorpusResult Write(
        string directory,
        IReadOnlyList<string> speakers,
        IReadOnlyList<string> emotions,
        int utterancesPerEmotion,
        int testSpeakers,
        int seed,
        int sampleRate,
        int maxParallelism,
        Func<CorpusFile, float[]> synthesize)
    {
        var folder = Path.GetFullPath(directory);
        Directory.CreateDirectory(folder);

        var jobs = new List<(int Speaker, int Emotion, int Utterance, ManifestSplit Split)>();
        for (var s = 0; s < speakers.Count; s++)
        {
            var split = testSpeakers == 0 ? ManifestSplit.None : s >= speakers.Count - testSpeakers ? ManifestSplit.Test : ManifestSplit.Train;
            for (var e = 0; e < emotions.Count; e++)
            {
                for (var u = 0; u < utterancesPerEmotion; u++)
                    jobs.Add((s, e, u, split));
            }
        }

        var entries = new SerManifestEntry[jobs.Count];
        // Files are independent (own random streams), so writing them in parallel changes no byte.
        try
        {
            Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism }, WriteUtterance);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The first failure as itself (e.g. an IOException naming the file), not wrapped.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        var manifestPath = Path.Combine(folder, DemoCorpus.ManifestFileName);
        SerManifest.Write(manifestPath, entries);
        return new DemoCorpusResult(manifestPath, SerManifest.Read(manifestPath));

        void WriteUtterance(int i)
        {
            var (s, e, utterance, split) = jobs[i];
            var (speaker, emotion) = (speakers[s], emotions[e]);
            var path = Path.Combine(folder, speaker, $"{emotion}_{(utterance + 1).ToString("00", CultureInfo.InvariantCulture)}.wav");
            var random = new SynthesisRandom(SynthesisRandom.Seed(seed, StableHash(speaker), StableHash(emotion), utterance));
            WavWriter.WritePcm16(path, synthesize(new CorpusFile(s, e, utterance, random)), sampleRate);
            entries[i] = new SerManifestEntry(path, emotion, speaker, split, i + 2);
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

/// <summary>One file of a corpus that <see cref="CorpusWriter"/> writes.</summary>
/// <param name="Speaker">Index into the speakers.</param>
/// <param name="Emotion">Index into the emotions.</param>
/// <param name="Utterance">0-based utterance number of that speaker and emotion.</param>
/// <param name="Random">The file's own random stream, from the corpus seed, the speaker's and emotion's names and the utterance number.</param>
internal sealed record CorpusFile(int Speaker, int Emotion, int Utterance, SynthesisRandom Random);
