using System.CommandLine;
using MlNetSer.Synthesis;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>demo-corpus</c> command: writes the built-in synthetic corpus of emotional speech
/// (<see cref="DemoCorpus"/>: WAV files and <c>manifest.csv</c>) for running and testing the pipeline without
/// any recordings. It is not evidence about real emotional speech.
/// </summary>
public static class DemoCorpusCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var defaults = new DemoCorpusOptions();
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for the WAV files (one sub-folder per speaker) and manifest.csv.", Required = true };
        var speakers = new Option<int>("--speakers") { Description = "Synthetic speakers.", DefaultValueFactory = _ => defaults.Speakers };
        var utterances = new Option<int>("--utterances") { Description = "Utterances per speaker and emotion.", DefaultValueFactory = _ => defaults.UtterancesPerEmotion };
        var seed = new Option<int>("--seed") { Description = "Seed: the same options and seed write byte-identical files.", DefaultValueFactory = _ => defaults.Seed };
        var testSpeakers = new Option<int>("--test-speakers")
        {
            Description = "Mark the last N speakers 'test' and the others 'train' in a split column (for 'experiment --protocol split'); 0: no split column.",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command(
            "demo-corpus",
            $"Writes a deterministic synthetic corpus of emotional speech ({string.Join(", ", EmotionProfile.Defaults.Select(e => e.Name))}) with its manifest: "
            + "glottal pulses through formant filters in syllables and phrases, prosody and voice quality set by the emotion on top of each speaker's voice, "
            + "per-utterance randomness and background noise. For running and testing the pipeline; not evidence about real emotional speech.")
        {
            output, speakers, utterances, seed, testSpeakers,
        };
        command.WithExamples(
            "mlnetser demo-corpus --out corpus --speakers 8 --utterances 4 --seed 0",
            "mlnetser demo-corpus --out corpus --test-speakers 2");
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () =>
            {
                var options = CorpusOptions(parse.GetValue(speakers), parse.GetValue(utterances), parse.GetValue(seed), parse.GetValue(testSpeakers));
                return (Folder: parse.GetValue(output)!.FullName, Options: options);
            },
            values =>
            {
                var result = DemoCorpus.Write(values.Folder, values.Options);
                Describe(parse.InvocationConfiguration.Output, result, values.Options);
                return ExitCodes.Ok;
            }));
        return command;
    }

    /// <summary>The corpus options from the command-line values; the errors name the flags.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    internal static DemoCorpusOptions CorpusOptions(int speakers, int utterances, int seed, int testSpeakers)
    {
        if (speakers is < 1 or > 999)
            throw new ArgumentException($"--speakers must be in [1, 999] (got {speakers}).");
        if (utterances < 1)
            throw new ArgumentException($"--utterances must be at least 1 (got {utterances}).");
        if (testSpeakers < 0 || testSpeakers >= speakers)
            throw new ArgumentException($"--test-speakers must be in [0, {speakers - 1}] so that some speakers train (got {testSpeakers}).");
        var options = new DemoCorpusOptions { Speakers = speakers, UtterancesPerEmotion = utterances, Seed = seed, TestSpeakers = testSpeakers };
        options.Validate();
        return options;
    }

    /// <summary>Writes what the corpus holds and where its manifest is.</summary>
    internal static void Describe(TextWriter output, DemoCorpusResult result, DemoCorpusOptions options)
    {
        var manifest = result.Manifest;
        output.WriteLine($"demo corpus: {manifest.Entries.Count} utterances = {manifest.Speakers.Count} speakers × {manifest.Labels.Count} emotions × {options.UtterancesPerEmotion}, "
            + $"{options.SampleRate} Hz 16-bit mono, {options.MinSeconds:0.#}–{options.MaxSeconds:0.#} s, seed {options.Seed}");
        if (options.TestSpeakers > 0)
        {
            var test = manifest.Entries.Where(e => e.Split == Data.ManifestSplit.Test).Select(e => e.Speaker).Distinct().ToArray();
            output.WriteLine($"split column: test speakers {string.Join(", ", test)}; the others train");
        }

        output.WriteLine($"wrote {result.ManifestPath}");
    }
}
