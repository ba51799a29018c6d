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
                    DemoCorpora.Describe(console, SpeechEngineCorpus.Write(plan.Folder, spoken), spoken);
                else
                    DemoCorpora.Describe(console, DemoCorpus.Write(plan.Folder, plan.Formant), plan.Formant!);
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
            return new Plan(folder, null, DemoCorpora.EspeakOptions(speakers ?? defaults.Speakers, utterances ?? defaults.UtterancesPerEmotion, seed, testSpeakers));
        }

        var formant = new DemoCorpusOptions();
        return new Plan(folder, DemoCorpora.CorpusOptions(speakers ?? formant.Speakers, utterances ?? formant.UtterancesPerEmotion, seed, testSpeakers), null);
    }

    /// <summary>Where to write, and the options of the one engine chosen.</summary>
    private sealed record Plan(string Folder, DemoCorpusOptions? Formant, SpeechEngineCorpusOptions? Espeak);
}
