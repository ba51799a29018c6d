using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using MlNetSer.Data;
using MlNetSer.Evaluation;
using MlNetSer.Evaluation.Plots;
using MlNetSer.Models;
using MlNetSer.Pipeline;
using MlNetSer.Training;
using MlNetSer.IO;
using MlNetSer.Metrics;

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
        var training = new TrainingFlags();
        var onnxDirectory = new Option<DirectoryInfo?>("--onnx-dir") { Description = "Folder to copy each network's ONNX model to (<network>.onnx)." };
        var validationFraction = new Option<double>("--validation-fraction")
        {
            Description = "Share of the speakers held out as validation speakers: early stopping, and the outputs the fusions are fitted on "
                + "(without a split column; with one, of the train rows' speakers unless rows are marked validation).",
            DefaultValueFactory = _ => 0.2,
        };
        var json = CommonOptions.Json("Print one JSON document (per network the best epoch and its validation accuracy, λ, validation figures, plots) instead of text.");
        var plots = new Option<DirectoryInfo?>("--plots")
        {
            Description = "Folder for the PNG plots (training curves, the validation λ grid, validation confusion matrices); default: <model name>-plots beside the zip.",
        };
        var noPlots = new Option<bool>("--no-plots") { Description = "Write no plots." };
        var command = new Command("train",
            "Trains the 1D/2D/3D CNNs and their feature- and score-level fusion on a manifest and writes one ML.NET model zip and PNG plots. "
            + "Progress per epoch (loss, validation accuracy, time left) goes to standard error.")
        {
            output, onnxDirectory, validationFraction, plots, noPlots, json,
        };
        training.AddTo(command);
        data.AddTo(command);
        command.WithExamples(
            "mlnetser train --data corpus/manifest.csv --out ser.zip --preset fast --seed 1",
            "mlnetser train --data corpus --format ravdess --out ser.zip --networks 1d,3d --epochs 20",
            "mlnetser train --data corpus/manifest.csv --out ser.zip --preset fast --json > train.json");
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () =>
            {
                var options = training.Bind(parse);
                options.OnnxDirectory = parse.GetValue(onnxDirectory)?.FullName;
                var fraction = parse.GetValue(validationFraction);
                if (!(fraction > 0 && fraction < 1))
                    throw new ArgumentException($"--validation-fraction must be in (0, 1): early stopping and the fusions need held-out speakers (got {fraction}).");
                return (options, fraction);
            },
            bound => Run(parse, data, parse.GetValue(output)!, bound.options, bound.fraction,
                parse.GetValue(noPlots) ? null : parse.GetValue(plots) ?? new DirectoryInfo(DefaultPlotsFolder(parse.GetValue(output)!)), parse.GetValue(json))));
        return command;
    }

    // The model is saved by now: plots that cannot be drawn (no native SkiaSharp, an unwritable folder) are a
    // warning, not a failed training run.
    private static IReadOnlyList<string> WritePlots(ParseResult parse, DirectoryInfo? folder, SerPipelineResult result, IReadOnlyList<(string Name, MulticlassReport Report)> reports)
    {
        if (folder is null)
            return [];
        try
        {
            return TrainingRunPlots.Write(folder.FullName, result.Training, result.ScoreFusionSearch, result.ScoreFusion, reports);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException or TypeInitializationException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"warning: no plots written to {folder.FullName}: {CommandErrors.Describe(ex)}");
            return [];
        }
    }

    /// <summary>The default plots folder of a model zip: <c>ser.zip</c> → <c>ser-plots</c> beside it.</summary>
    internal static string DefaultPlotsFolder(FileInfo model)
        => Path.Combine(model.DirectoryName ?? ".", Path.GetFileNameWithoutExtension(model.Name) + "-plots");

    private static int Run(ParseResult parse, DataInput data, FileInfo outFile, SerPipelineOptions options, double validationFraction, DirectoryInfo? plotsFolder, bool json)
    {
        var display = ProgressDisplay.Create(parse);
        var manifest = data.ReadUsable(parse);
        TrainingFlags.Warn(display, [options.RandomInitialisationWarning()]);

        var (training, validation) = ValidationHoldOut.ForTraining(manifest.Entries, validationFraction, options.Seed);
        display.Message(
            $"train: {training.Count} utterances of {Speakers(training)} speakers for training, {validation.Count} of {Speakers(validation)} speakers "
            + $"for early stopping and the fusions; classes {string.Join(", ", manifest.Labels)}; networks {string.Join(", ", options.Networks)}; "
            + $"preset {options.Preset.ToString().ToLowerInvariant()}, {options.EpochLimits()}, seed {options.Seed}; device {options.Device}");

        var mlContext = new MLContext(options.Seed);
        var (result, reports) = display.Run(() =>
        {
            var fitted = new SerPipelineTrainer(options).Fit(training, validation, manifest.Labels,
                new SerFitProgress(new SegmentCacheProgress(display), new EpochProgress(display)));
            var bar = display.AddBar("validation", validation.Count, "utterances", printEvery: Math.Max(1, validation.Count / 10));
            var figures = SerPipelineEvaluation.Evaluate(mlContext, fitted.Model, ManifestDataView.Load(mlContext, validation), out _, new RowProgress(bar));
            bar.Complete();
            return (fitted, figures);
        });

        ModelFiles.Save(mlContext, result.Model, outFile);
        var fusion = result.ScoreFusion;
        var plotFiles = WritePlots(parse, plotsFolder, result, reports);
        if (json)
        {
            JsonOutput.WriteDocument(parse.InvocationConfiguration.Output, new
            {
                model = outFile.FullName,
                data = manifest.File,
                device = result.Device.ToString(),
                labels = manifest.Labels,
                training = new { utterances = training.Count, speakers = Speakers(training) },
                validation = new { utterances = validation.Count, speakers = Speakers(validation) },
                skipped_rows = manifest.Problems.Count,
                skipped_files = result.SkippedFiles.Select(f => new { path = f.Path, problem = f.Problem }),
                networks = result.Training.ToDictionary(t => t.Key, t => new
                {
                    best_epoch = t.Value.BestEpoch,
                    epochs_run = t.Value.EpochsRun,
                    stopped_early = t.Value.StoppedEarly,
                    validation_accuracy = t.Value.Best.ValidationAccuracy,
                }),
                score_fusion = new
                {
                    weights = fusion.Networks.Select((n, i) => (n, fusion.Weights[i])).ToDictionary(p => p.n, p => p.Item2),
                    mode = fusion.Mode.ToString().ToLowerInvariant(),
                    accuracy = fusion.FitAccuracy,
                    uar = fusion.FitUar,
                    utterances = fusion.FitCount,
                },
                validation_accuracy = reports.ToDictionary(r => r.Name, r => r.Report.Accuracy),
                plots = plotFiles,
            });
        }
        else
        {
            foreach (var skipped in result.SkippedFiles)
                display.Result($"skipped {skipped}");
            foreach (var (network, history) in result.Training)
            {
                display.Result(
                    $"{network}: best epoch {history.BestEpoch} of {history.EpochsRun}{(history.StoppedEarly ? " (early stop)" : "")}, "
                    + $"early-stopping validation accuracy {Format(history.Best.ValidationAccuracy)}");
            }

            display.Result(
                $"score fusion λ: {string.Join(", ", fusion.Networks.Select((n, i) => $"{n}={fusion.Weights[i].ToString("0.0", CultureInfo.InvariantCulture)}"))} "
                + $"({fusion.Mode.ToString().ToLowerInvariant()}; accuracy {Format(fusion.FitAccuracy)}, UAR {Format(fusion.FitUar)} on {fusion.FitCount} validation utterances)");
            display.Result("validation accuracy: " + string.Join(", ", reports.Select(r => $"{r.Name} {Format(r.Report.Accuracy)}"))
                + " (the speakers the fusions were fitted on: not a test)");
            display.Result($"wrote {outFile.FullName}");
            if (plotFiles.Count > 0)
                display.Result($"wrote {plotFiles.Count} plots to {plotsFolder!.FullName}");
        }

        return manifest.Problems.Count > 0 || result.SkippedFiles.Count > 0 ? ExitCodes.SomeInputsFailed : ExitCodes.Ok;
    }

    private static int Speakers(IEnumerable<SerManifestEntry> entries) => entries.Select(e => e.Speaker).Distinct().Count();

    private static string Format(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>A bar per network: part of an epoch per batch, a line per epoch (loss, validation accuracy, best epoch).</summary>
    internal sealed class EpochProgress(ProgressDisplay display) : IProgress<SerPipelineProgress>
    {
        private readonly Dictionary<string, ProgressBar> _bars = [];
        private readonly Dictionary<string, string> _epochStatus = [];

        /// <inheritdoc/>
        public void Report(SerPipelineProgress value)
        {
            var p = value.Training;
            if (!_bars.TryGetValue(value.Network, out var bar))
                _bars[value.Network] = bar = display.AddBar(value.Network, p.Epochs, "epochs");
            switch (p.Kind)
            {
                case TrainingProgressKind.Batch when p.BatchesPerEpoch > 0:
                    // The last epoch's figures stay in sight on a live bar while the next epoch runs.
                    var batch = $"batch loss {Format(p.Loss)}";
                    bar.Advance(p.Epoch - 1 + (double)p.Batch / p.BatchesPerEpoch, _epochStatus.TryGetValue(value.Network, out var last) ? $"{last}; {batch}" : batch);
                    break;
                case TrainingProgressKind.Epoch:
                    var validation = p.ValidationAccuracy is { } accuracy ? $", validation accuracy {Format(accuracy)}" : "";
                    bar.Step(p.Epoch, _epochStatus[value.Network] = $"loss {Format(p.Loss)}{validation}, best epoch {p.BestEpoch}");
                    break;
                case TrainingProgressKind.Completed:
                    bar.Complete($"best epoch {p.BestEpoch}");
                    break;
            }
        }
    }
}
