using System.CommandLine;
using System.Globalization;
using MlNetSer.Data;
using MlNetSer.Evaluation;
using MlNetSer.Evaluation.Plots;
using MlNetSer.Models;
using MlNetSer.Pipeline;
using MlNetSer.Training;
using Spectre.Console;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>experiment</c> command: runs the paper's protocol on a CSV manifest (<c>path,label,speaker[,split]</c>)
/// with <see cref="SerExperiment"/>, printing a line per fold stage and, at the end, paper Table 7 (accuracy
/// mean ± sd over folds per combination of networks, score vs feature level), and writes <c>report.md</c>,
/// <c>results.json</c>, the confusion matrices and the fold speakers into <c>--out</c>. Exit code 2 when some
/// manifest rows had problems but the experiment went on.
/// </summary>
public static class ExperimentCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var data = DataInput.Create();
        var protocol = ProtocolFlag.Create();
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for report.md, results.json, the confusion CSVs, the PNG plots (plots/) and folds.csv.", Required = true };
        var training = new TrainingFlags();
        var validationFraction = new Option<double>("--validation-fraction")
        {
            Description = "Share of each fold's training speakers held out as validation speakers: early stopping, and the outputs the fusions are fitted on.",
            DefaultValueFactory = _ => 0.2,
        };
        var noOracle = new Option<bool>("--no-oracle") { Description = "Leave out the oracle score-level figures (λ searched on test, the paper's procedure; always labelled)." };
        var json = CommonOptions.Json($"Print the {ExperimentReportWriter.JsonFileName} document (every figure per fold, mean ± sd, λ per fold) instead of the table.");
        var command = new Command("experiment",
            "Runs the speaker-independent protocol (paper Table 7): per fold, trains the networks and fusions without the fold's test speakers, "
            + "evaluates every combination at score and feature level, and writes report.md and results.json. "
            + "Progress (folds, and each network's epochs on a terminal) goes to standard error.")
        {
            protocol, output, validationFraction, noOracle, json,
        };
        training.AddTo(command);
        data.AddTo(command);
        command.WithExamples(
            "mlnetser experiment --data corpus/manifest.csv --protocol losgo:5 --out results --preset fast",
            "mlnetser experiment --data corpus --format ravdess --protocol losgo:5 --out results --preset paper",
            "mlnetser experiment --data corpus/manifest.csv --protocol split --out results --json > results.json");
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () =>
            {
                var (kind, folds) = ProtocolFlag.Parse(parse.GetValue(protocol)!);
                var options = new SerExperimentOptions
                {
                    Protocol = kind,
                    Folds = folds,
                    ValidationFraction = parse.GetValue(validationFraction),
                    IncludeOracle = !parse.GetValue(noOracle),
                    OutputDirectory = parse.GetValue(output)!.FullName,
                    Pipeline = training.Bind(parse),
                };
                options.Validate();
                return options;
            },
            options => Run(parse, data, options, parse.GetValue(json))));
        return command;
    }

    private static int Run(ParseResult parse, DataInput data, SerExperimentOptions options, bool json)
    {
        var display = ProgressDisplay.Create(parse);
        var manifest = data.ReadUsable(parse);

        display.Message($"experiment: {manifest.Entries.Count} utterances, {manifest.Speakers.Count} speakers, classes {string.Join(", ", manifest.Labels)}");
        display.Message($"protocol: {options.Describe()}");
        display.Message($"device: {options.Pipeline.Device}");
        TrainingFlags.Warn(display, [options.Pipeline.RandomInitialisationWarning()]);
        var result = display.Run(() => SerExperiment.Run(manifest, options, new FoldProgress(display)));

        if (json)
        {
            parse.InvocationConfiguration.Output.WriteLine(ExperimentReportWriter.ToJson(result.Report));
            return manifest.Problems.Count > 0 ? ExitCodes.SomeInputsFailed : ExitCodes.Ok;
        }

        var console = parse.InvocationConfiguration.Output;
        ExperimentTable.Write(parse, result.Report, options.IncludeOracle);
        console.WriteLine($"wall time: {result.Report.WallTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        console.WriteLine($"wrote {Path.Combine(options.OutputDirectory!, ExperimentReportWriter.MarkdownFileName)}");
        console.WriteLine($"wrote {Path.Combine(options.OutputDirectory!, ExperimentReportWriter.JsonFileName)}");
        console.WriteLine($"wrote {result.Files.Count - 2} more files (confusion matrices, PNG plots in {ExperimentPlots.FolderName}/, {SerExperiment.FoldsFileName}) to {options.OutputDirectory}");
        return manifest.Problems.Count > 0 ? ExitCodes.SomeInputsFailed : ExitCodes.Ok;
    }
}
