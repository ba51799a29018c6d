using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlNetSer.Evaluation.Plots;
using MlNetSer.IO;

namespace MlNetSer.Evaluation;

/// <summary>
/// Writes an <see cref="ExperimentReport"/> into a folder: <c>report.md</c> (tables laid out like the
/// paper's Tables 7–9 with the paper's own figures beside them, marked as the paper's),
/// <c>results.json</c> (every figure per fold and mean ± sd, λ per fold, oracle labelled) and
/// <c>confusion_&lt;row&gt;.csv</c> per combination (counts summed over folds, rows true, columns predicted)
/// and the PNG plots of <see cref="ExperimentPlots"/> in <c>plots/</c>, linked from <c>report.md</c>.
/// Each file is written to a temporary name and renamed, so a reader never sees half a file.
/// </summary>
public static class ExperimentReportWriter
{
    /// <summary>The markdown report's file name.</summary>
    public const string MarkdownFileName = "report.md";

    /// <summary>The JSON results' file name.</summary>
    public const string JsonFileName = "results.json";

    private const string OracleLabel = "oracle: λ searched on the test data itself, as the paper did; for comparison only, not a result";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        // λ, ± and class names stay readable instead of \uXXXX; the file is data, never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The confusion CSV file name of a combination, e.g. <c>confusion_score_1d+2d+3d.csv</c>.</summary>
    /// <param name="combinationId">The combination's <see cref="CombinationSummary.Id"/>.</param>
    public static string ConfusionFileName(string combinationId) => $"confusion_{combinationId}.csv";

    /// <summary>Writes every file, plots included (default size), into <paramref name="outputDirectory"/> (created when missing) and returns their paths.</summary>
    /// <param name="report">The report.</param>
    /// <param name="outputDirectory">The folder to write into; existing files of the same names are replaced.</param>
    /// <exception cref="IOException">The folder cannot be created or written; the message names it.</exception>
    public static IReadOnlyList<string> Write(ExperimentReport report, string outputDirectory) => Write(report, outputDirectory, new PlotOptions());

    /// <summary>
    /// Writes every file into <paramref name="outputDirectory"/> (created when missing) and returns their paths. A plot
    /// that cannot be drawn (e.g. no native SkiaSharp library) does not lose the report: <c>report.md</c> says why instead.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="outputDirectory">The folder to write into; existing files of the same names are replaced.</param>
    /// <param name="plots">Size and scale of the PNG plots; null to write no plots.</param>
    /// <exception cref="IOException">The folder cannot be created or written; the message names it.</exception>
    public static IReadOnlyList<string> Write(ExperimentReport report, string outputDirectory, PlotOptions? plots)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        if (File.Exists(outputDirectory))
            throw new IOException($"Cannot write the report into '{outputDirectory}': it is a file, not a folder.");
        Directory.CreateDirectory(outputDirectory);

        IReadOnlyList<ReportPlot> drawn = [];
        string? plotProblem = null;
        if (plots is not null)
        {
            try
            {
                drawn = ExperimentPlots.Write(report, outputDirectory, plots);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
            {
                // The figures cost hours of training; a missing graphics library must not lose them.
                plotProblem = e is TypeInitializationException { InnerException: { } inner } ? inner.Message : e.Message;
            }
        }

        var written = new List<string>
        {
            WriteAtomically(outputDirectory, MarkdownFileName, ExperimentReportMarkdown.Build(report, OracleLabel, drawn, plotProblem)),
            WriteAtomically(outputDirectory, JsonFileName, ToJson(report)),
        };
        foreach (var summary in report.Summaries)
            written.Add(WriteAtomically(outputDirectory, ConfusionFileName(summary.Id), ConfusionCsv(summary.Summary)));
        written.AddRange(drawn.Select(p => p.Path));
        return written;
    }

    /// <summary>A confusion matrix as CSV: a header of predicted classes, then one row per true class.</summary>
    /// <param name="summary">The figures across folds (their summed matrix is written).</param>
    public static string ConfusionCsv(FoldSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var csv = new StringBuilder();
        csv.Append("true\\predicted");
        foreach (var name in summary.ClassNames)
            csv.Append(',').Append(CsvField(name));
        csv.Append('\n');
        for (var t = 0; t < summary.ClassNames.Count; t++)
        {
            csv.Append(CsvField(summary.ClassNames[t]));
            foreach (var count in summary.ConfusionMatrix[t])
                csv.Append(',').Append(count.ToString(CultureInfo.InvariantCulture));
            csv.Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>The JSON results: every figure per fold and across folds, λ per fold, the oracle labelled, the paper's figures apart.</summary>
    /// <param name="report">The report.</param>
    public static string ToJson(ExperimentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var document = new
        {
            dataset = report.Dataset,
            protocol = report.Protocol,
            datasetCounts = report.DatasetCounts,
            classNames = report.ClassNames,
            wallTimeSeconds = report.WallTime.TotalSeconds,
            device = report.Device?.ToString(),
            weightSelection = "score-level λ and the feature-level SVM fitted on each fold's fusion data: network outputs for utterances the networks did not train on, speaker-disjoint from the test data; figures are on the test data",
            oracleLabel = OracleLabel,
            bestFusion = report.Best.Id,
            modelFusions = report.ModelFusions.Select(s => s.Id).ToArray(),
            baseline = report.Baseline?.Id,
            folds = report.Folds.Select(f => new
            {
                index = f.Index,
                name = f.Name,
                trainingCount = f.TrainingCount,
                validationCount = f.ValidationCount,
                fusionCount = f.FusionCount,
                testCount = f.TestCount,
                rows = f.Rows.Select(r => new
                {
                    id = r.Id,
                    displayName = r.DisplayName,
                    networks = r.Networks,
                    level = r.Level,
                    weights = r.Weights,
                    report = r.Report,
                    oracle = r.Oracle is null ? null : new { label = OracleLabel, weights = r.Oracle.Weights, report = r.Oracle.Report },
                }),
            }),
            summary = report.Summaries.Select(s => new
            {
                id = s.Id,
                displayName = s.DisplayName,
                networks = s.Networks,
                level = s.Level,
                weightsPerFold = s.WeightsPerFold,
                accuracy = s.Summary.Accuracy,
                uar = s.Summary.Uar,
                perClass = s.Summary.ClassNames.Select((name, c) => new
                {
                    name,
                    recall = s.Summary.Recall[c],
                    precision = s.Summary.Precision[c],
                    f1 = s.Summary.F1[c],
                }),
                confusionMatrix = s.Summary.ConfusionMatrix,
                confusionFile = ConfusionFileName(s.Id),
                oracle = s.Oracle is null ? null : new
                {
                    label = OracleLabel,
                    weightsPerFold = s.OracleWeightsPerFold,
                    accuracy = s.Oracle.Accuracy,
                    uar = s.Oracle.Uar,
                },
            }),
            paper = new
            {
                source = PaperFigures.Source,
                note = "The paper's figures on its own corpora (AFEW5.0, BAUM-1s), with λ tuned on the reported data; not ours.",
                table7 = PaperFigures.Table7,
                table8Afew = PaperFigures.Table8Afew,
                table9Baum = PaperFigures.Table9Baum,
                weightsAfew = PaperFigures.WeightsAfew,
                weightsBaum = PaperFigures.WeightsBaum,
            },
        };
        return JsonSerializer.Serialize(document, JsonOptions) + "\n";
    }

    /// <summary>
    /// The markdown report: protocol and counts, Table 7 (accuracy per combination, score- vs feature-level,
    /// λ per fold, oracle beside), Tables 8–9 (per-class figures of the best fusion), per-fold accuracies and
    /// the confusion matrices, with the paper's figures beside, marked as the paper's.
    /// </summary>
    /// <param name="report">The report.</param>
    public static string ToMarkdown(ExperimentReport report) => ExperimentReportMarkdown.Build(report, OracleLabel);

    private static string CsvField(string value)
        => value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string WriteAtomically(string directory, string fileName, string text)
    {
        var path = Path.Combine(directory, fileName);
        try
        {
            AtomicFile.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write '{path}': {e.Message}", e);
        }

        return path;
    }
}
