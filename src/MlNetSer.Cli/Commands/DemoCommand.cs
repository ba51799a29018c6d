using System.CommandLine;
using MlNetSer.Audio;
using MlNetSer.Cli.Demo;
using MlNetSer.Features;
using Spectre.Console;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>demo</c> command. For now it extracts the three CNN inputs of a built-in synthetic vowel;
/// it is a placeholder until the training issue turns it into the full train/evaluate job.
/// </summary>
public static class DemoCommand
{
    /// <summary>Length of the built-in test signal.</summary>
    public const double DemoSeconds = 3.0;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o")
        {
            Description = "Where the tensors and features.json are written.",
            DefaultValueFactory = _ => "demo-out",
        };
        var command = new Command(
            "demo",
            "Placeholder until the training issue lands: synthesises a 3-second vowel-like test signal, extracts "
            + "its 1D, 2D and 3D CNN inputs and shows their shapes (no training or evaluation yet).\n"
            + "Example: mlnetser demo --out demo-out");
        command.Options.Add(output);
        command.SetAction(parseResult => CommandErrors.Run(parseResult, () =>
        {
            var directory = Path.GetFullPath(parseResult.GetValue(output)!);
            var options = new FeatureOptions();
            var rate = options.Mel.SampleRate;
            var samples = VowelSignal.Synthesize(DemoSeconds, rate);
            using var audio = new InMemoryAudioStream(samples, rate, new AudioInfo("<built-in vowel>", "synthetic", rate, 1, DemoSeconds));
            var manifest = FeatureJob.Run(audio, directory, options);

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parseResult.InvocationConfiguration.Output) });
            var table = new Table().Title($"Features of a {DemoSeconds:0.#} s synthetic vowel").AddColumns("Tensor", "Shape", "For", "File");
            string[] purposes = ["1D CNN (raw waveform)", "2D CNN (log-Mel, Δ, ΔΔ)", "3D CNN (stacked segments)"];
            foreach (var ((name, tensor), purpose) in manifest.Tensors.Zip(purposes))
                table.AddRow(name, $"[[{string.Join(", ", tensor.Shape)}]]", purpose, Markup.Escape(tensor.File));
            console.Write(table);
            // The directory goes on its own line, unwrapped, so that it can be copied.
            console.Profile.Width = Math.Max(console.Profile.Width, directory.Length + 64);
            console.MarkupLineInterpolated($"Wrote the tensors and {FeatureManifest.FileName} to {directory}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
