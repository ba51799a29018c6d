using System.CommandLine;
using MlNetSer.Features;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>features</c> command: audio files → <c>wave1d.npy</c>, <c>mel2d.npy</c>, <c>clip3d.npy</c> and
/// <c>features.json</c>, streamed so that hour-long recordings fit in little memory.
/// </summary>
public static class FeaturesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var inputs = new Argument<string[]>("audio-file")
        {
            Description = "WAV or MP3 files (anything else through ffmpeg).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Output directory; with several inputs each gets <out>/<file stem>/.",
            Required = true,
        };
        var threads = new Option<int>("--threads")
        {
            Description = "Files processed in parallel (default: every core).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
                result.AddError("--threads must be at least 1.");
        });

        var json = CommonOptions.Json("One JSON object per input and line: {\"path\", \"out\", \"duration_seconds\", \"tensors\": {name: {\"file\", \"shape\"}}}, or {\"path\", \"error\"}.");
        var flags = new FeatureFlags();

        var command = new Command(
            "features",
            "Extract the 1D, 2D and 3D CNN inputs of audio files as NumPy arrays: wave1d.npy [N,1,625], "
            + "mel2d.npy [N,3,64,64], clip3d.npy [M,3,4,64,64] and features.json (shapes, parameters, input format). "
            + "With several files, progress (files/s, audio seconds/s, time left) goes to standard error.");
        command.WithExamples(
            "mlnetser features speech.wav --out feats",
            "mlnetser features corpus/*.wav --out feats --threads 2 --clip-depth 6",
            "mlnetser features corpus/*.wav --out feats --json > features.jsonl");
        command.Arguments.Add(inputs);
        command.Options.Add(output);
        command.Options.Add(threads);
        command.Options.Add(json);
        flags.AddTo(command);
        command.SetAction(parseResult => CommandErrors.Run(parseResult, () =>
        {
            CheckForUnknownOptions(parseResult, inputs);
            var options = flags.Bind(parseResult);
            var files = parseResult.GetValue(inputs)!;
            var root = parseResult.GetValue(output)!;
            var rootExisted = Directory.Exists(root);
            var directories = OutputDirectories(files, root);
            var asJson = parseResult.GetValue(json);
            var stdout = parseResult.InvocationConfiguration.Output;
            var display = ProgressDisplay.Create(parseResult);
            var failures = display.Run(() =>
            {
                // One file is its own progress report (its result line); a bar starts to help from two on.
                var bar = files.Length > 1
                    ? display.AddBar("features", files.Length, "files", printEvery: Math.Max(1, files.Length / 10), secondaryUnit: "audio-s")
                    : null;
                var failed = 0;
                Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = parseResult.GetValue(threads) }, i =>
                {
                    try
                    {
                        var manifest = FeatureJob.Run(files[i], directories[i], options);
                        if (asJson)
                        {
                            JsonOutput.WriteLine(stdout, new { path = files[i], @out = directories[i], duration_seconds = manifest.Input.DurationSeconds, tensors = manifest.Tensors });
                        }
                        else
                        {
                            var shapes = string.Join(", ", manifest.Tensors.Select(t => $"{t.Key} [{string.Join(',', t.Value.Shape)}]"));
                            display.Result($"{files[i]} -> {directories[i]}: {shapes}");
                        }

                        bar?.Increment(1, manifest.Input.DurationSeconds);
                    }
                    catch (Exception ex)
                    {
                        Interlocked.Increment(ref failed);
                        CommandErrors.Report(parseResult, ex, files[i]);
                        if (asJson)
                            JsonOutput.WriteLine(stdout, new { path = files[i], error = CommandErrors.Describe(ex, files[i]) });
                        bar?.Increment();
                    }
                });
                bar?.Complete(failed > 0 ? $"{failed} failed" : null);
                if (!rootExisted)
                    FeatureJob.RemoveIfEmpty(root);
                return failed;
            });

            return ExitCodes.ForInputs(failures, files.Length);
        }));
        return command;
    }

    /// <summary>
    /// An unknown flag would otherwise be taken for one more file name: a value starting with '-' is a usage error,
    /// unless it comes after <c>--</c>, which ends the options (<c>features -- -rf.wav</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Such a value before <c>--</c>.</exception>
    internal static void CheckForUnknownOptions(ParseResult parseResult, Argument<string[]> inputs)
    {
        var tokens = parseResult.Tokens.ToList();
        var doubleDash = tokens.FindIndex(t => t.Type == System.CommandLine.Parsing.TokenType.DoubleDash);
        foreach (var token in parseResult.GetResult(inputs)?.Tokens ?? [])
        {
            var position = tokens.FindIndex(t => ReferenceEquals(t, token));
            if (token.Value.Length > 1 && token.Value[0] == '-' && (doubleDash < 0 || position < doubleDash))
                throw new ArgumentException($"Unrecognized option '{token.Value}' (a file whose name starts with '-' can be given as ./{token.Value}, or after --).");
        }
    }

    /// <summary>
    /// One directory per input: <paramref name="root"/> itself for a single file, else
    /// <c>root/&lt;stem&gt;</c>, with <c>-2</c>, <c>-3</c>, … appended to repeated stems in argument order.
    /// </summary>
    public static string[] OutputDirectories(IReadOnlyList<string> inputs, string root)
    {
        if (inputs.Count == 1)
            return [root];

        // Case-insensitive so that the layout is the same on every file system.
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new string[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var stem = Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(inputs[i]));
            if (string.IsNullOrEmpty(stem))
                stem = "input";
            var name = stem;
            for (var n = 2; !taken.Add(name); n++)
                name = $"{stem}-{n}";
            result[i] = Path.Combine(root, name);
        }

        return result;
    }
}
