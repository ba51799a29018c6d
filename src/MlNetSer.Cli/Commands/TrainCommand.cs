using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using MlNetSer.Data;
using MlNetSer.Evaluation.Plots;
using MlNetSer.Models;
using MlNetSer.Pipeline;
using MlNetSer.Training;
using MlNetSer.IO;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>train</c> command: trains the chosen networks and both fusions on a CSV manifest
/// (<c>path,label,speaker[,split]</c>) and writes the fused model zip (input: a text column <c>Path</c>).
/// With a split column, the <c>train</c> rows train (a share of their speakers, or the rows marked
/// <c>validation</c>, choose the fusion weights) and the test rows are left alone; without one, a share of all
/// speakers is held out as validation. Exit code 2 when some manifest rows had problems but training went on.
/// </summary>
public static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var data = DataInput.Create();
        var output = new Option<FileInfo>("--out", "-o") { Description = "The fused model zip to write.", Required = true };
        var networks = new Option<string>("--networks") { Description = "Comma-separated networks among 1d, 2d, 3d.", DefaultValueFactory = _ => "1d,2d,3d" };
        var backbone = new Option<string>("--backbone") { Description = "2d backbone: alexnet (the paper's) or resnet18 (ImageNet weights).", DefaultValueFactory = _ => "alexnet" };
        backbone.AcceptOnlyFromAmong("alexnet", "resnet18");
        var preset = new Option<string>("--preset")
        {
            Description = $"paper: up to 300 epochs, patience 20, AlexNet at 227; fast: up to {SerPipelineOptions.FastEpochs} epochs, patience {SerPipelineOptions.FastPatience}, resnet18 at 64×64 (alexnet stays at 227).",
            DefaultValueFactory = _ => "paper",
        };
        preset.AcceptOnlyFromAmong("paper", "fast");
        var epochs = new Option<int?>("--epochs") { Description = "Maximum epochs per network (overrides the preset)." };
        var seed = new Option<int>("--seed") { Description = "Seed of training, the validation split and the fusion classifier.", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (0: libtorch's choice).", DefaultValueFactory = _ => 0 };
        var onnxDirectory = new Option<DirectoryInfo?>("--onnx-dir") { Description = "Folder to copy each network's ONNX model to (<network>.onnx)." };
        var validationFraction = new Option<double>("--validation-fraction")
        {
            Description = "Share of speakers held out for the fusion-weight search (and, of the rest, for each network's early stopping).",
            DefaultValueFactory = _ => 0.2,
        };
        var plots = new Option<DirectoryInfo?>("--plots")
        {
            Description = "Folder for the PNG plots (training curves, the validation λ grid, validation confusion matrices); default: <model name>-plots beside the zip.",
        };
        var command = new Command("train", "Trains the 1D/2D/3D CNNs and their feature- and score-level fusion on a manifest and writes one ML.NET model zip.")
        {
            output, networks, backbone, preset, epochs, seed, threads, onnxDirectory, validationFraction, plots,
        };
        data.AddTo(command);
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () =>
            {
                var options = new SerPipelineOptions
                {
                    Networks = ParseNetworks(parse.GetValue(networks)!),
                    Backbone = parse.GetValue(backbone) == "resnet18" ? NetworkKind.Resnet18 : NetworkKind.AlexNet2d,
                    Preset = parse.GetValue(preset) == "fast" ? SerPipelinePreset.Fast : SerPipelinePreset.Paper,
                    Epochs = parse.GetValue(epochs),
                    Seed = parse.GetValue(seed),
                    Threads = parse.GetValue(threads),
                    OnnxDirectory = parse.GetValue(onnxDirectory)?.FullName,
                    ValidationFraction = parse.GetValue(validationFraction),
                };
                options.Validate();
                if (options.ValidationFraction == 0)
                    throw new ArgumentException("--validation-fraction must be above 0: the fusion weights are searched on held-out speakers.");
                return options;
            },
            options => Run(parse, data, parse.GetValue(output)!, options, parse.GetValue(plots))));
        return command;
    }

    /// <summary>Parses <c>1d,3d</c> into the network list; throws <see cref="ArgumentException"/> on an unknown or repeated name.</summary>
    internal static IReadOnlyList<string> ParseNetworks(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToArray();
        foreach (var name in names)
        {
            if (!SerColumns.NetworkNames.Contains(name))
                throw new ArgumentException($"--networks: unknown network '{name}' (use 1d, 2d, 3d).");
        }

        // The paper's order whatever order was typed, so λ and feature concatenation always read 1d, 2d, 3d.
        return SerColumns.NetworkNames.Where(names.Contains).ToArray();
    }

    /// <summary>The default plots folder of a model zip: <c>ser.zip</c> → <c>ser-plots</c> beside it.</summary>
    internal static string DefaultPlotsFolder(FileInfo model)
        => Path.Combine(model.DirectoryName ?? ".", Path.GetFileNameWithoutExtension(model.Name) + "-plots");

    private static int Run(ParseResult parse, DataInput data, FileInfo outFile, SerPipelineOptions options, DirectoryInfo? plotsFolder)
    {
        var console = parse.InvocationConfiguration.Output;
        var manifest = data.Read(parse);
        ReportProblems(parse, manifest);
        if (manifest.Entries.Count == 0)
            throw new InvalidDataException($"{manifest.File}: no usable rows.");

        var (training, validation) = HoldOut(manifest, options);
        console.WriteLine(
            $"train: {training.Count} utterances of {Speakers(training)} speakers for training, {validation.Count} of {Speakers(validation)} speakers "
            + $"for the fusion weights; classes {string.Join(", ", manifest.Labels)}; networks {string.Join(", ", options.Networks)}; "
            + $"preset {options.Preset.ToString().ToLowerInvariant()}, up to {options.TrainerOptions().Epochs} epochs, seed {options.Seed}");
        options.Progress = new ConsoleProgress(console);
        options.Labels = manifest.Labels;

        var result = new SerPipelineTrainer(options).Fit(training, validation);
        foreach (var (network, history) in result.Training)
        {
            console.WriteLine(
                $"{network}: best epoch {history.BestEpoch} of {history.EpochsRun}{(history.StoppedEarly ? " (early stop)" : "")}, "
                + $"early-stopping validation accuracy {Format(history.Best.ValidationAccuracy)}");
        }

        var fusion = result.ScoreFusion;
        console.WriteLine(
            $"score fusion λ: {string.Join(", ", fusion.Networks.Select((n, i) => $"{n}={fusion.Weights[i].ToString("0.0", CultureInfo.InvariantCulture)}"))} "
            + $"({fusion.Mode.ToString().ToLowerInvariant()}; accuracy {Format(fusion.FitAccuracy)}, UAR {Format(fusion.FitUar)} on {fusion.FitCount} validation utterances)");

        var mlContext = new MLContext(options.Seed);
        var reports = SerPipelineEvaluation.Evaluate(mlContext, result.Model, ManifestDataView.Load(mlContext, validation), out _);
        console.WriteLine("validation accuracy: " + string.Join(", ", reports.Select(r => $"{r.Name} {Format(r.Report.Accuracy)}")));

        SaveAtomically(mlContext, result.Model, outFile);
        console.WriteLine($"wrote {outFile.FullName}");
        var plotsPath = plotsFolder?.FullName ?? DefaultPlotsFolder(outFile);
        var plots = TrainingRunPlots.Write(plotsPath, result.Training, result.ScoreFusionSearch, fusion, reports);
        console.WriteLine($"wrote {plots.Count} plots to {plotsPath}");
        return manifest.Problems.Count > 0 ? ExitCodes.SomeInputsFailed : ExitCodes.Ok;
    }

    /// <summary>Writes each manifest problem as a warning line on stderr.</summary>
    internal static void ReportProblems(ParseResult parse, SerManifest manifest)
    {
        var error = parse.InvocationConfiguration.Error;
        foreach (var problem in manifest.Problems)
            error.WriteLine($"warning: skipped {problem}");
        if (manifest.Problems.Count > 0)
            error.WriteLine($"warning: {manifest.Problems.Count} manifest row(s) skipped, {manifest.Entries.Count} used");
    }

    /// <summary>Writes the model to a temporary file beside <paramref name="outFile"/> and renames it, so a failed run leaves no half-written zip.</summary>
    internal static void SaveAtomically(MLContext mlContext, ITransformer model, FileInfo outFile)
    {
        AtomicFile.Write(outFile.FullName, temporary => mlContext.Model.Save(model, SerPipelineTrainer.InputSchema(mlContext), temporary));
    }

    private static (IReadOnlyList<SerManifestEntry> Training, IReadOnlyList<SerManifestEntry> Validation) HoldOut(SerManifest manifest, SerPipelineOptions options)
    {
        if (manifest.Entries.Any(e => e.Split != ManifestSplit.None))
        {
            var fold = FixedSplit.Split(manifest.Entries, new FixedSplitOptions { ValidationFraction = options.ValidationFraction, Seed = options.Seed });
            return (fold.Training, fold.Validation);
        }

        var split = SpeakerSplit.HoldOut(manifest.Entries.Select(e => e.Speaker), options.ValidationFraction, options.Seed);
        var held = split.ValidationSpeakers.ToHashSet(StringComparer.Ordinal);
        return (manifest.Entries.Where(e => !held.Contains(e.Speaker)).ToArray(), manifest.Entries.Where(e => held.Contains(e.Speaker)).ToArray());
    }

    private static int Speakers(IEnumerable<SerManifestEntry> entries) => entries.Select(e => e.Speaker).Distinct().Count();

    private static string Format(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    // One line per epoch: the trainer reports synchronously on the training thread.
    private sealed class ConsoleProgress(TextWriter console) : IProgress<SerPipelineProgress>
    {
        public void Report(SerPipelineProgress value)
        {
            var p = value.Training;
            if (p.Kind != TrainingProgressKind.Epoch)
                return;
            var validation = p.ValidationAccuracy is { } accuracy ? $", validation accuracy {Format(accuracy)}" : "";
            console.WriteLine($"{value.Network}: epoch {p.Epoch}/{p.Epochs}, loss {Format(p.Loss)}{validation}, best epoch {p.BestEpoch}");
        }
    }
}
