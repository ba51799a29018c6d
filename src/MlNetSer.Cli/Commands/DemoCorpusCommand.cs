using System.CommandLine;
using MlNetSer.Synthesis;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>demo-corpus</c> command: writes a synthetic corpus of emotional speech (WAV files and <c>manifest.csv</c>)
/// for running and testing the pipeline without any recordings, spoken by the built-in formant synthesiser
/// (<see cref="DemoCorpus"/>, <c>--engine formant</c>, the default) or by espeak-ng (<see cref="SpeechEngineCorpus"/>,
/// <c>--engine espeak</c>). Neither is evidence about real emotional speech.
/// </summary>
public static class DemoCorpusCommand
{
    /// <summary>The <c>--engine</c> value of the built-in formant synthesiser.</summary>
    public const string FormantEngine = "formant";

    /// <summary>The <c>--engine</c> value of espeak-ng.</summary>
    public const string EspeakEngine = "espeak";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var (formant, espeak) = (new DemoCorpusOptions(), new SpeechEngineCorpusOptions());
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for the WAV files (one sub-folder per speaker) and manifest.csv.", Required = true };
        var engine = new Option<string>("--engine")
        {
            Description = $"Who speaks: '{FormantEngine}', the built-in formant synthesiser (no words), or '{EspeakEngine}', the espeak-ng program "
                + "(English sentences; apt-get install espeak-ng).",
            DefaultValueFactory = _ => FormantEngine,
        };
        engine.AcceptOnlyFromAmong(FormantEngine, EspeakEngine);
        var speakers = new Option<int?>("--speakers") { Description = $"Speakers (default {formant.Speakers} with {FormantEngine}, {espeak.Speakers} with {EspeakEngine}, at most {SpeechEngineSpeaker.MaxSpeakers} there)." };
        var utterances = new Option<int?>("--utterances") { Description = $"Utterances per speaker and emotion (default {formant.UtterancesPerEmotion} with {FormantEngine}, {espeak.UtterancesPerEmotion} with {EspeakEngine})." };
        var seed = new Option<int>("--seed") { Description = "Seed: the same options and seed write byte-identical files (with espeak, the same espeak-ng version too).", DefaultValueFactory = _ => formant.Seed };
        var testSpeakers = new Option<int>("--test-speakers")
        {
            Description = "Mark the last N speakers 'test' and the others 'train' in a split column (for 'experiment --protocol split'); 0: no split column.",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command(
            "demo-corpus",
            $"Writes a deterministic synthetic corpus of emotional speech ({string.Join(", ", EmotionProfile.Defaults.Select(e => e.Name))}) with its manifest. "
            + $"--engine {FormantEngine}: glottal pulses through formant filters in syllables and phrases, prosody and voice quality set by the emotion on top of each speaker's voice. "
            + $"--engine {EspeakEngine}: espeak-ng voices and accents saying neutral English sentences with the emotion's pitch, range, rate, pauses and emphasis, in a reverberant room. "
            + "Both draw per-utterance randomness and add background noise. For running and testing the pipeline; not evidence about real emotional speech.")
        {
            output, engine, speakers, utterances, seed, testSpeakers,
        };
        command.WithExamples(
            "mlnetser demo-corpus --out corpus --speakers 8 --utterances 4 --seed 0",
            "mlnetser demo-corpus --out corpus --test-speakers 2",
            "mlnetser demo-corpus --engine espeak --out espeak-corpus --test-speakers 3   # 12 espeak-ng speakers × 7 emotions × 5");
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () => Bind(parse.GetValue(output)!.FullName, parse.GetValue(engine)!, parse.GetValue(speakers), parse.GetValue(utterances), parse.GetValue(seed), parse.GetValue(testSpeakers)),
            plan =>
            {
                var console = parse.InvocationConfiguration.Output;
                if (plan.Espeak is { } spoken)
                    Describe(console, SpeechEngineCorpus.Write(plan.Folder, spoken), spoken);
                else
                    Describe(console, DemoCorpus.Write(plan.Folder, plan.Formant), plan.Formant!);
                return ExitCodes.Ok;
            }));
        return command;
    }

    // Unset counts take the chosen engine's defaults.
    private static Plan Bind(string folder, string engine, int? speakers, int? utterances, int seed, int testSpeakers)
    {
        if (engine == EspeakEngine)
        {
            var defaults = new SpeechEngineCorpusOptions();
            return new Plan(folder, null, EspeakOptions(speakers ?? defaults.Speakers, utterances ?? defaults.UtterancesPerEmotion, seed, testSpeakers));
        }

        var formant = new DemoCorpusOptions();
        return new Plan(folder, CorpusOptions(speakers ?? formant.Speakers, utterances ?? formant.UtterancesPerEmotion, seed, testSpeakers), null);
    }

    /// <summary>The formant corpus options from the command-line values; the errors name the flags.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    internal static DemoCorpusOptions CorpusOptions(int speakers, int utterances, int seed, int testSpeakers)
    {
        CheckFlags(speakers, 999, utterances, testSpeakers);
        var options = new DemoCorpusOptions { Speakers = speakers, UtterancesPerEmotion = utterances, Seed = seed, TestSpeakers = testSpeakers };
        options.Validate();
        return options;
    }

    /// <summary>The espeak-ng corpus options from the command-line values; the errors name the flags.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    internal static SpeechEngineCorpusOptions EspeakOptions(int speakers, int utterances, int seed, int testSpeakers)
    {
        CheckFlags(speakers, SpeechEngineSpeaker.MaxSpeakers, utterances, testSpeakers);
        var options = new SpeechEngineCorpusOptions { Speakers = speakers, UtterancesPerEmotion = utterances, Seed = seed, TestSpeakers = testSpeakers };
        options.Validate();
        return options;
    }

    /// <summary>Writes what the formant corpus holds and where its manifest is.</summary>
    internal static void Describe(TextWriter output, DemoCorpusResult result, DemoCorpusOptions options)
    {
        output.WriteLine($"demo corpus: {Counts(result, options.UtterancesPerEmotion)}, "
            + $"{options.SampleRate} Hz 16-bit mono, {options.MinSeconds:0.#}–{options.MaxSeconds:0.#} s, seed {options.Seed}");
        DescribeFiles(output, result);
    }

    /// <summary>Writes what the espeak-ng corpus holds, who speaks it and where its manifest is.</summary>
    internal static void Describe(TextWriter output, DemoCorpusResult result, SpeechEngineCorpusOptions options)
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

    /// <summary>Where to write, and the options of the one engine chosen.</summary>
    private sealed record Plan(string Folder, DemoCorpusOptions? Formant, SpeechEngineCorpusOptions? Espeak);
}
