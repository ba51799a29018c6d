using MlNetSer.Synthesis;

namespace MlNetSer.Cli;

/// <summary>The synthetic corpora as <c>demo-corpus</c> and <c>demo</c> make and describe them from their flags.</summary>
public static class DemoCorpora
{
    /// <summary>The formant corpus options from the command-line values; the errors name the flags.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public static DemoCorpusOptions CorpusOptions(int speakers, int utterances, int seed, int testSpeakers)
    {
        CheckFlags(speakers, 999, utterances, testSpeakers);
        var options = new DemoCorpusOptions { Speakers = speakers, UtterancesPerEmotion = utterances, Seed = seed, TestSpeakers = testSpeakers };
        options.Validate();
        return options;
    }

    /// <summary>The espeak-ng corpus options from the command-line values; the errors name the flags.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public static SpeechEngineCorpusOptions EspeakOptions(int speakers, int utterances, int seed, int testSpeakers)
    {
        CheckFlags(speakers, SpeechEngineSpeaker.MaxSpeakers, utterances, testSpeakers);
        var options = new SpeechEngineCorpusOptions { Speakers = speakers, UtterancesPerEmotion = utterances, Seed = seed, TestSpeakers = testSpeakers };
        options.Validate();
        return options;
    }

    /// <summary>Writes what the formant corpus holds and where its manifest is.</summary>
    public static void Describe(TextWriter output, DemoCorpusResult result, DemoCorpusOptions options)
    {
        output.WriteLine($"demo corpus: {Counts(result, options.UtterancesPerEmotion)}, "
            + $"{options.SampleRate} Hz 16-bit mono, {options.MinSeconds:0.#}–{options.MaxSeconds:0.#} s, seed {options.Seed}");
        DescribeFiles(output, result);
    }

    /// <summary>Writes what the espeak-ng corpus holds, who speaks it and where its manifest is.</summary>
    public static void Describe(TextWriter output, DemoCorpusResult result, SpeechEngineCorpusOptions options)
    {
        // The version matters: the same seed gives the same bytes only with the same espeak-ng.
        var version = SpeechEngineCorpus.EngineVersion().Split("Data at:")[0].Trim();
        output.WriteLine($"espeak-ng corpus: {Counts(result, options.UtterancesPerEmotion)}, {options.SampleRate} Hz 16-bit mono, "
            + $"RT60 {options.MinRt60:0.##}–{options.MaxRt60:0.##} s, SNR {options.MinSnrDb:0.#}–{options.MaxSnrDb:0.#} dB, seed {options.Seed} ({version})");
        output.WriteLine($"voices: {string.Join(", ", SpeechEngineCorpus.Speakers(options).Select(s => $"{s.Id} {s.Voice}"))}");
        DescribeFiles(output, result);
    }

    private static void CheckFlags(int speakers, int maxSpeakers, int utterances, int testSpeakers)
    {
        if (speakers < 1 || speakers > maxSpeakers)
            throw new ArgumentException($"--speakers must be in [1, {maxSpeakers}] (got {speakers}).");
        if (utterances < 1)
            throw new ArgumentException($"--utterances must be at least 1 (got {utterances}).");
        if (testSpeakers < 0 || testSpeakers >= speakers)
            throw new ArgumentException($"--test-speakers must be in [0, {speakers - 1}] so that some speakers train (got {testSpeakers}).");
    }

    private static string Counts(DemoCorpusResult result, int utterances)
        => $"{result.Manifest.Entries.Count} utterances = {result.Manifest.Speakers.Count} speakers × {result.Manifest.Labels.Count} emotions × {utterances}";

    private static void DescribeFiles(TextWriter output, DemoCorpusResult result)
    {
        var test = result.Manifest.Entries.Where(e => e.Split == Data.ManifestSplit.Test).Select(e => e.Speaker).Distinct().ToArray();
        if (test.Length > 0)
            output.WriteLine($"split column: test speakers {string.Join(", ", test)}; the others train");
        output.WriteLine($"wrote {result.ManifestPath}");
    }
}
