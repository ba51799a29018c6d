using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using MlNetSer.Features;
using MlNetSer.Data;
using MlNetSer.Evaluation;
using MlNetSer.IO;
using MlNetSer.Pipeline;
using MlNetSer.Platform;
using Spectre.Console;
using MlNetSer.Metrics;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>evaluate</c> command: scores a manifest with a fused model (made by <c>train</c>) and prints, for each
/// network alone, the feature fusion and the score fusion, the accuracy, UAR, per-class recall, precision and F1
/// and the confusion matrix (paper Tables 7–9, Figs. 2–3) as tables; <c>--json</c> prints every figure as one
/// JSON document instead, <c>--json-out</c> writes that document to a file (beside the tables or the JSON).
/// </summary>
public static class EvaluateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Fused model zip written by 'mlnetser train'.", Required = true };
        var data = DataInput.Create();
        var json = CommonOptions.Json("Print every figure as one JSON document instead of tables.");
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write that JSON document to this file." };
        var split = new Option<string>("--split")
        {
            Description = "Rows to evaluate: test, train, validation or all (default: test when the manifest has a split column, else all).",
            DefaultValueFactory = _ => "auto",
        };
        split.AcceptOnlyFromAmong("auto", "all", "test", "train", "validation");
        var device = CommonOptions.Device();
        var command = new Command("evaluate",
            "Evaluates each network and both fusions of a fused model on a manifest: accuracy, UAR, per-class recall, precision and F1, "
            + "confusion matrices. Progress (utterances/s, time left) goes to standard error.")
        {
            model, json, jsonOut, split, device,
        };
        data.AddTo(command);
        command.WithExamples(
            "mlnetser evaluate --model ser.zip --data corpus/manifest.csv",
            "mlnetser evaluate --model ser.zip --data corpus/manifest.csv --split all --json-out figures.json",
            "mlnetser evaluate --model ser.zip --data corpus/manifest.csv --json > figures.json");
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () => (Model: parse.GetValue(model)!, Json: parse.GetValue(json), JsonOut: parse.GetValue(jsonOut), Split: parse.GetValue(split)!,
                Device: CommonOptions.ResolveDevice(parse.GetValue(device))),
            values => Run(parse, values.Model, data, values.Json, values.JsonOut, values.Split, values.Device)));
        return command;
    }

    private static int Run(ParseResult parse, FileInfo modelFile, DataInput data, bool json, FileInfo? jsonFile, string splitName, SerDevice device)
    {
        var console = Terminal.CreateConsole(parse.InvocationConfiguration.Output);
        var display = ProgressDisplay.Create(parse);
        var mlContext = new MLContext();
        // The zip keeps no device: its ONNX transforms run where the loading context says.
        device.ApplyTo(mlContext);
        var loaded = ModelFiles.Load(mlContext, modelFile);
        display.Message($"evaluate: device {device}");
        var manifest = data.Read(parse);
        DataInput.ReportProblems(parse, manifest);
        var (entries, chosen) = Select(manifest.Entries, splitName);
        if (entries.Count == 0)
            throw new InvalidDataException($"{manifest.File}: no rows to evaluate ({chosen}).");

        var info = SerModelInfo.Read(loaded);
        var skipped = 0;
        var reports = display.Run(() =>
        {
            var bar = display.AddBar("evaluate", entries.Count, "utterances", printEvery: Math.Max(1, entries.Count / 10));
            var figures = SerPipelineEvaluation.Evaluate(mlContext, loaded, ManifestDataView.Load(mlContext, entries), out skipped, new RowProgress(bar));
            bar.Complete();
            return figures;
        });
        if (skipped > 0)
            parse.InvocationConfiguration.Error.WriteLine($"warning: {skipped} row(s) have a label the model does not know ({string.Join(", ", info.Labels)}) and were left out");

        var document = JsonDocument(modelFile, manifest.File, chosen, skipped, info, reports, device);
        if (jsonFile is not null)
            AtomicFile.WriteAllText(jsonFile.FullName, JsonSerializer.Serialize(document, JsonOutput.Document) + Environment.NewLine);
        if (json)
        {
            JsonOutput.WriteDocument(parse.InvocationConfiguration.Output, document);
            return manifest.Problems.Count > 0 || skipped > 0 ? ExitCodes.SomeInputsFailed : ExitCodes.Ok;
        }

        console.MarkupLineInterpolated($"evaluate: {reports[0].Report.Count} utterances ({chosen}) of {Path.GetFileName(manifest.File)}; classes {string.Join(", ", info.Labels)}");
        if (info.ScoreFusion is { } fusion)
        {
            console.MarkupLineInterpolated(
                $"score fusion λ: {string.Join(", ", fusion.Networks.Select((n, i) => $"{n}={fusion.Weights[i].ToString("0.0", CultureInfo.InvariantCulture)}"))}{(fusion.IsOracle ? " (oracle: tuned on reported data)" : "")}");
        }

        console.Write(SummaryTable(reports));
        foreach (var (name, report) in reports)
        {
            console.Write(PerClassTable(name, report));
            console.Write(ConfusionTable(name, report));
        }

        return manifest.Problems.Count > 0 || skipped > 0 ? ExitCodes.SomeInputsFailed : ExitCodes.Ok;
    }

    private static (IReadOnlyList<SerManifestEntry> Entries, string Description) Select(IReadOnlyList<SerManifestEntry> entries, string splitName)
    {
        if (splitName == "auto")
            splitName = entries.Any(e => e.Split != ManifestSplit.None) ? "test" : "all";
        if (splitName == "all")
            return (entries, "all rows");
        return (entries.Where(e => ManifestDataView.SplitName(e.Split) == splitName).ToArray(), $"split {splitName}");
    }

    private static Table SummaryTable(IReadOnlyList<(string Name, MulticlassReport Report)> reports)
    {
        var table = new Table().Title("Accuracy and UAR (Table 7)").AddColumns("Classifier", "Accuracy", "UAR", "Utterances");
        foreach (var (name, report) in reports)
            table.AddRow(Markup.Escape(name), Percent(report.Accuracy), Percent(report.Uar), report.Count.ToString(CultureInfo.InvariantCulture));
        return table;
    }

    private static Table PerClassTable(string name, MulticlassReport report)
    {
        var table = new Table().Title(Markup.Escape($"{name}: per class (Tables 8–9)")).AddColumns("Class", "Recall", "Precision", "F1", "Support");
        foreach (var c in report.PerClass)
            table.AddRow(Markup.Escape(c.Name), Percent(c.Recall), Percent(c.Precision), Percent(c.F1), c.Support.ToString(CultureInfo.InvariantCulture));
        return table;
    }

    private static Table ConfusionTable(string name, MulticlassReport report)
    {
        var table = new Table().Title(Markup.Escape($"{name}: confusion (row true, column predicted)")).AddColumn("");
        foreach (var c in report.ClassNames)
            table.AddColumn(Markup.Escape(c));
        for (var row = 0; row < report.ClassNames.Count; row++)
            table.AddRow([Markup.Escape(report.ClassNames[row]), .. report.ConfusionMatrix[row].Select(v => v.ToString(CultureInfo.InvariantCulture))]);
        return table;
    }

    private static string Percent(double value) => (100 * value).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The <c>--json</c> document: what was evaluated, λ, and every figure per classifier.</summary>
    private static object JsonDocument(FileInfo modelFile, string dataPath, string rows, int skipped, SerModelInfo info,
        IReadOnlyList<(string Name, MulticlassReport Report)> reports, SerDevice device)
        => new
        {
            model = modelFile.FullName,
            data = dataPath,
            device = device.ToString(),
            rows,
            skipped,
            labels = info.Labels,
            networks = info.Networks,
            score_fusion = info.ScoreFusion is { } fusion
                ? new { weights = fusion.Networks.Select((n, i) => (n, fusion.Weights[i])).ToDictionary(p => p.n, p => p.Item2), oracle = fusion.IsOracle }
                : null,
            results = reports.ToDictionary(r => r.Name, r => r.Report),
        };
}
