using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MlNetSer.Data;
using MlNetSer.Evaluation.Plots;
using MlNetSer.IO;
using MlNetSer.Models;
using MlNetSer.Pipeline;

namespace MlNetSer.Evaluation;

/// <summary>
/// The paper's design studies (Tables 4, 5, 6): one value after another, the studied network alone is trained and
/// tested under the experiment's speaker-independent protocol (<see cref="SerExperiment"/>), and the results are
/// written beside the paper's own figures, marked as the paper's.
/// </summary>
public static class SerStudy
{
    /// <summary>The report's file name.</summary>
    public const string MarkdownFileName = "report.md";

    /// <summary>The results' file name.</summary>
    public const string JsonFileName = "results.json";

    /// <summary>The plot's file name.</summary>
    public const string PlotFileName = "accuracy.png";

    /// <summary>Runs the study on <paramref name="manifest"/>.</summary>
    /// <param name="manifest">The corpus.</param>
    /// <param name="options">The options (null: segment length, the paper's values, the experiment's defaults).</param>
    /// <param name="progress">Receives each value's experiment progress (tagged by the value in <see cref="SerStudyProgress"/>).</param>
    /// <param name="cancellationToken">Stops between reports.</param>
    /// <exception cref="ArgumentException">An invalid option or value.</exception>
    public static SerStudyResult Run(SerManifest manifest, SerStudyOptions? options = null, IProgress<SerStudyProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        options ??= new SerStudyOptions();
        options.Validate();
        var network = NetworkOf(options.Kind);
        var rows = new List<SerStudyRow>();
        foreach (var value in options.EffectiveValues)
        {
            var experiment = ForValue(options, value);
            var clock = Stopwatch.StartNew();
            var forward = progress is null ? null : new Progress(value, progress);
            var result = SerExperiment.Run(manifest, experiment, forward, cancellationToken);
            clock.Stop();
            var summary = result.Report.Summaries.First(s => s.Level == FusionLevel.Single && s.Networks.SequenceEqual([network.Name]));
            rows.Add(new SerStudyRow(value, ArchitectureOf(options.Kind, value, experiment.Pipeline), summary.Summary, clock.Elapsed,
                PaperFigures(options.Kind).FirstOrDefault(p => p.Value == value)));
        }

        // Every value runs the same experiment but for the value itself: the first one's describes them all.
        var study = new SerStudyResult(options.Kind, network.Name, rows, Describe(options));
        var files = options.OutputDirectory is { } folder ? Write(study, folder) : [];
        return study with { Files = files };
    }

    /// <summary>
    /// The protocol and training of the study in words, as its report states them: what each value runs (the studied
    /// network alone, no fusion), in the words of the first value.
    /// </summary>
    /// <param name="options">The study's options.</param>
    public static string Describe(SerStudyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ForValue(options, options.EffectiveValues[0]).Describe();
    }

    /// <summary>The paper's figures of <paramref name="kind"/> (Table 4, 5 or 6).</summary>
    public static IReadOnlyList<PaperStudyFigure> PaperFigures(SerStudyKind kind) => kind switch
    {
        SerStudyKind.SegmentLength => Evaluation.PaperFigures.Table4,
        SerStudyKind.Backbone => Evaluation.PaperFigures.Table5,
        _ => Evaluation.PaperFigures.Table6,
    };

    /// <summary>Whether <paramref name="value"/> can be run here: a power of 5 from 25 samples, a built backbone, a depth of at least 1.</summary>
    public static bool IsBuilt(SerStudyKind kind, string value) => kind switch
    {
        SerStudyKind.SegmentLength => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length) && IsPowerOf5(length, atLeast: 25),
        SerStudyKind.Backbone => Backbone2d.Names.Contains(value, StringComparer.OrdinalIgnoreCase),
        _ => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var depth) && depth >= 1,
    };

    // The 1D CNN's convolutions each divide the segment by 5 (Cnn1dOptions).
    private static bool IsPowerOf5(int length, int atLeast)
    {
        if (length < atLeast)
            return false;
        while (length % 5 == 0)
            length /= 5;
        return length == 1;
    }

    /// <summary>The study's command-line name: <c>segment-length</c>, <c>backbone</c>, <c>clip-depth</c>.</summary>
    public static string NameOf(SerStudyKind kind) => kind switch
    {
        SerStudyKind.SegmentLength => "segment-length",
        SerStudyKind.Backbone => "backbone",
        _ => "clip-depth",
    };

    internal static string ValueHelp(SerStudyKind kind) => kind switch
    {
        SerStudyKind.SegmentLength => "segment lengths that are powers of 5, e.g. 125, 625, 3125, 15625",
        SerStudyKind.Backbone => string.Join(", ", Backbone2d.Names),
        _ => "clip depths of at least 1, e.g. 4, 6, 8, 10",
    };

    private static SerNetworkId NetworkOf(SerStudyKind kind) => kind switch
    {
        SerStudyKind.SegmentLength => SerNetworkId.Cnn1d,
        SerStudyKind.Backbone => SerNetworkId.Cnn2d,
        _ => SerNetworkId.Cnn3d,
    };

    // The experiment of one value: only the studied network, no fusion, no oracle, the value set.
    private static SerExperimentOptions ForValue(SerStudyOptions options, string value)
    {
        var pipeline = options.Experiment.Pipeline.Clone();
        pipeline.Networks = [NetworkOf(options.Kind).Name];
        pipeline.Baseline = false;
        switch (options.Kind)
        {
            case SerStudyKind.SegmentLength:
                pipeline.Features.Waveform.SegmentLength = pipeline.Features.Waveform.Hop = int.Parse(value, CultureInfo.InvariantCulture);
                break;
            case SerStudyKind.Backbone:
                pipeline.Backbone = Backbone2d.Parse(value);
                break;
            default:
                pipeline.Features.Clip.Depth = int.Parse(value, CultureInfo.InvariantCulture);
                break;
        }

        var source = options.Experiment;
        return new SerExperimentOptions
        {
            Protocol = source.Protocol, Folds = source.Folds, ValidationFraction = source.ValidationFraction, Pipeline = pipeline,
            IncludeOracle = false, IncludeFeatureLevel = false, DatasetName = source.DatasetName,
        };
    }

    /// <summary>
    /// The warnings a run of the study should give once before it starts: each value whose 2D network would be trained from
    /// random initialisation (<see cref="SerPipelineOptions.RandomInitialisationWarning"/>).
    /// </summary>
    /// <param name="options">The study's options.</param>
    public static IReadOnlyList<string> Warnings(SerStudyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.EffectiveValues.Select(v => ForValue(options, v).Pipeline.RandomInitialisationWarning())
            .OfType<string>().Distinct().ToArray();
    }

    private static string ArchitectureOf(SerStudyKind kind, string value, SerPipelineOptions pipeline) => kind switch
    {
        SerStudyKind.SegmentLength => $"{Cnn1dOptions.ConvolutionCountFor(pipeline.Features.Waveform.SegmentLength)} conv.",
        SerStudyKind.Backbone => pipeline.BackboneDescription(),
        _ => $"[8, 8, {value}]",
    };

    private static IReadOnlyList<string> Write(SerStudyResult study, string folder)
    {
        Directory.CreateDirectory(folder);
        var markdown = Path.Combine(folder, MarkdownFileName);
        var json = Path.Combine(folder, JsonFileName);
        AtomicFile.WriteAllText(markdown, Markdown(study));
        AtomicFile.WriteAllText(json, ToJson(study));
        var files = new List<string> { markdown, json };
        try
        {
            var plot = Path.Combine(folder, PlotFileName);
            StudyPlot.Save(plot, study);
            files.Add(plot);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException)
        {
            // No native SkiaSharp: the report and the figures stand without the picture.
        }

        return files;
    }

    /// <summary>The report in the layout of the paper's table, the paper's figures beside ours and marked as the paper's.</summary>
    public static string Markdown(SerStudyResult study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var table = study.Kind switch { SerStudyKind.SegmentLength => 4, SerStudyKind.Backbone => 5, _ => 6 };
        var column = study.Kind switch { SerStudyKind.SegmentLength => "Sample length", SerStudyKind.Backbone => "2D backbone", _ => "Clip depth" };
        var md = new StringBuilder();
        md.Append($"# Study: {NameOf(study.Kind)} (the paper's Table {table}), {study.Network} network alone\n\n");
        md.Append($"Protocol: {study.Protocol}\n\n");
        md.Append($"| {column} | Ours: architecture | Ours: accuracy (%) | Ours: UAR (%) | Wall time | Paper: architecture | Paper: AFEW5.0 (%) | Paper: BAUM-1s (%) |\n");
        md.Append("|---|---|---|---|---|---|---|---|\n");
        foreach (var row in study.Rows)
        {
            var paper = row.Paper;
            md.Append($"| {row.Value} | {row.Architecture} | {Percent(row.Summary.Accuracy)} | {Percent(row.Summary.Uar)} | {row.WallTime.TotalMinutes:0.0} min | "
                + $"{paper?.Architecture ?? "—"} | {(paper is null ? "—" : paper.Afew.ToString("0.00", CultureInfo.InvariantCulture))} | "
                + $"{(paper is null ? "—" : paper.Baum.ToString("0.00", CultureInfo.InvariantCulture))} |\n");
        }

        foreach (var missing in PaperFigures(study.Kind).Where(p => study.Rows.All(r => r.Value != p.Value)))
            md.Append($"| {missing.Value} | not run{(IsBuilt(study.Kind, missing.Value) ? "" : " (not built here)")} | — | — | — | {missing.Architecture} | "
                + $"{missing.Afew.ToString("0.00", CultureInfo.InvariantCulture)} | {missing.Baum.ToString("0.00", CultureInfo.InvariantCulture)} |\n");
        md.Append("\nOurs: mean ± sd over the folds, on speakers the network never saw. The paper's columns are quoted from the paper "
            + "(AFEW5.0 and BAUM-1s), not measured here; the corpora differ, so compare the trend across values, not the numbers.\n");
        return md.ToString();
    }

    /// <summary>The <see cref="JsonFileName"/> document: per value accuracy and UAR (mean, sd, per fold), wall time, the paper's figures.</summary>
    public static string ToJson(SerStudyResult study)
        => JsonSerializer.Serialize(new
        {
            study = NameOf(study.Kind),
            network = study.Network,
            protocol = study.Protocol,
            values = study.Rows.Select(r => new
            {
                value = r.Value,
                architecture = r.Architecture,
                accuracy = new { mean = r.Summary.Accuracy.Mean, sd = r.Summary.Accuracy.StdDev },
                uar = new { mean = r.Summary.Uar.Mean, sd = r.Summary.Uar.StdDev },
                accuracy_per_fold = r.Summary.Folds.Select(f => f.Accuracy).ToArray(),
                uar_per_fold = r.Summary.Folds.Select(f => f.Uar).ToArray(),
                wall_seconds = Math.Round(r.WallTime.TotalSeconds, 1),
                paper = r.Paper is null ? null : new { afew = r.Paper.Afew, baum = r.Paper.Baum, source = "Zhang et al. 2021, as printed" },
            }).ToArray(),
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n";

    private static string Percent(MetricSummary value)
        => $"{(100 * value.Mean).ToString("0.0", CultureInfo.InvariantCulture)} ± {(100 * value.StdDev).ToString("0.0", CultureInfo.InvariantCulture)}";

    // Tags the experiment's reports with the value (synchronously, on the thread that reports).
    private sealed class Progress(string value, IProgress<SerStudyProgress> target) : IProgress<SerExperimentProgress>
    {
        public void Report(SerExperimentProgress report) => target.Report(new SerStudyProgress(value, report));
    }
}

/// <summary>One value's results.</summary>
/// <param name="Value">The studied value.</param>
/// <param name="Architecture">What it makes of the network (convolutions, backbone and its initialisation, first filter).</param>
/// <param name="Summary">Accuracy, UAR and the rest over the folds.</param>
/// <param name="WallTime">The value's whole experiment (features, training, testing).</param>
/// <param name="Paper">The paper's figures for the value, or null.</param>
public sealed record SerStudyRow(string Value, string Architecture, FoldSummary Summary, TimeSpan WallTime, PaperStudyFigure? Paper);

/// <summary>What <see cref="SerStudy.Run"/> returns.</summary>
/// <param name="Kind">The study.</param>
/// <param name="Network">The network studied (<c>1d</c>, <c>2d</c>, <c>3d</c>).</param>
/// <param name="Rows">One per value, in the order run.</param>
/// <param name="Protocol">The protocol in words.</param>
public sealed record SerStudyResult(SerStudyKind Kind, string Network, IReadOnlyList<SerStudyRow> Rows, string Protocol)
{
    /// <summary>The files written (report, results, plot).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
}

/// <summary>A progress report of <see cref="SerStudy"/>: the value being run and its experiment's report.</summary>
/// <param name="Value">The value.</param>
/// <param name="Experiment">The experiment's report.</param>
public sealed record SerStudyProgress(string Value, SerExperimentProgress Experiment);
