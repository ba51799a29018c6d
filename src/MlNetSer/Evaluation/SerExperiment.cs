using System.Diagnostics;
using System.Text;
using Microsoft.ML;
using MlNetSer.Data;
using MlNetSer.Evaluation;
using MlNetSer.Features.Store;
using MlNetSer.IO;
using MlNetSer.Training;
using MlNetSer.Pipeline;

namespace MlNetSer.Evaluation;

/// <summary>
/// Runs the paper's evaluation protocol end to end: for each fold (speaker groups or the fixed split), trains
/// every network and fusion with <see cref="SerPipelineTrainer"/> on the fold's training and validation parts
/// only (never its test speakers), scores the three parts, evaluates every combination of networks at score and
/// feature level with <see cref="CombinationEvaluator"/> (paper Table 7) and collects the folds into an
/// <see cref="ExperimentReport"/>, written by <see cref="ExperimentReportWriter"/>.
/// </summary>
public static class SerExperiment
{
    /// <summary>The file listing every fold's speakers per part (<c>fold,part,speaker,utterances</c>), written beside the report.</summary>
    public const string FoldsFileName = "folds.csv";

    /// <summary>The file name of a fold's fused model when <see cref="SerExperimentOptions.SaveModels"/> is set.</summary>
    /// <param name="foldName">The fold's name (<see cref="ProtocolFold.Name"/>).</param>
    public static string ModelFileName(string foldName)
        => $"model-{string.Concat(foldName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'))}.zip";

    /// <summary>Runs the experiment on a manifest; the report names the manifest's file unless <see cref="SerExperimentOptions.DatasetName"/> is set.</summary>
    /// <param name="manifest">The corpus (rows it could not read are not used).</param>
    /// <param name="options">Options; null for the defaults (5 speaker groups, the paper's training).</param>
    /// <param name="progress">Receives fold and training reports, synchronously; may be null.</param>
    /// <param name="cancellationToken">Checked between folds and stages and at each training report.</param>
    /// <exception cref="ArgumentException">Bad options, or data the protocol cannot split (too few speakers, no split column, …).</exception>
    /// <exception cref="InvalidOperationException">A fold's parts share a speaker (a fixed split whose train and test rows share one).</exception>
    public static SerExperimentResult Run(SerManifest manifest, SerExperimentOptions? options = null,
        IProgress<SerExperimentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        options ??= new SerExperimentOptions();
        return Run(manifest.Entries, options, progress, cancellationToken, options.DatasetName ?? manifest.File);
    }

    /// <summary>Runs the experiment on manifest entries.</summary>
    /// <param name="entries">The utterances.</param>
    /// <param name="options">Options; null for the defaults (5 speaker groups, the paper's training).</param>
    /// <param name="progress">Receives fold and training reports, synchronously; may be null.</param>
    /// <param name="cancellationToken">Checked between folds and stages and at each training report.</param>
    /// <exception cref="ArgumentException">Bad options, or data the protocol cannot split (too few speakers, no split column, …).</exception>
    /// <exception cref="InvalidOperationException">A fold's parts share a speaker (a fixed split whose train and test rows share one).</exception>
    public static SerExperimentResult Run(IReadOnlyList<SerManifestEntry> entries, SerExperimentOptions? options = null,
        IProgress<SerExperimentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new SerExperimentOptions();
        return Run(entries, options, progress, cancellationToken, options.DatasetName ?? "manifest entries");
    }

    /// <summary>The protocol's folds of <paramref name="entries"/>, each checked to be speaker-disjoint.</summary>
    /// <param name="entries">The utterances.</param>
    /// <param name="options">The options (protocol, folds, validation share, seed).</param>
    /// <exception cref="ArgumentException">The protocol cannot split the data.</exception>
    /// <exception cref="InvalidOperationException">A fold's parts share a speaker.</exception>
    public static IReadOnlyList<ProtocolFold> Folds(IReadOnlyList<SerManifestEntry> entries, SerExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (entries.Count == 0)
            throw new ArgumentException("The experiment has no utterances.", nameof(entries));
        IReadOnlyList<ProtocolFold> folds = options.Protocol == SerExperimentProtocol.SpeakerGroupKFold
            ? SpeakerGroupKFold.Split(entries, new SpeakerGroupKFoldOptions { Folds = options.Folds, ValidationFraction = options.ValidationFraction, Seed = options.Pipeline.Seed })
            : [FixedSplit.Split(entries, new FixedSplitOptions { ValidationFraction = options.ValidationFraction, Seed = options.Pipeline.Seed })];
        foreach (var fold in folds)
        {
            fold.EnsureSpeakerDisjoint();
            CheckParts(fold);
        }

        return folds;
    }

    private static SerExperimentResult Run(IReadOnlyList<SerManifestEntry> entries, SerExperimentOptions options,
        IProgress<SerExperimentProgress>? progress, CancellationToken cancellationToken, string datasetName)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var clock = Stopwatch.StartNew();
        var folds = Folds(entries, options);
        // Before any fold trains: an unusable CUDA device fails here, and every fold resolves the same device (kept per process).
        var device = options.Pipeline.Device.Resolve();
        var results = new List<CombinationFold>(folds.Count);
        var models = new List<string>();
        var scores = new StringBuilder();
        // Every fold scores the same classes in the same order, also when a fold's training lacks one,
        // so that the folds' figures line up in the report.
        var labels = entries.Select(e => e.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        foreach (var fold in folds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new SerExperimentProgress(SerExperimentStage.FoldStarted, fold, folds.Count, clock.Elapsed));
            var fitProgress = new SerFitProgress(
                new Forwarder<SegmentStoreProgress>(p => new SerExperimentProgress(SerExperimentStage.CachingSegments, fold, folds.Count, clock.Elapsed, Store: p), progress, cancellationToken),
                new Forwarder<SerPipelineProgress>(p => new SerExperimentProgress(SerExperimentStage.Training, fold, folds.Count, clock.Elapsed, p), progress, cancellationToken));
            var result = RunFold(fold, options, labels, fitProgress, models, scores,
                () => progress?.Report(new SerExperimentProgress(SerExperimentStage.Evaluating, fold, folds.Count, clock.Elapsed)), cancellationToken);
            results.Add(result);
            progress?.Report(new SerExperimentProgress(SerExperimentStage.FoldCompleted, fold, folds.Count, clock.Elapsed, Result: result));
        }

        var report = ExperimentReport.Create(datasetName, options.Describe(), results, clock.Elapsed, Counts(entries)) with { Device = device };
        var files = options.OutputDirectory is { } folder
            ? [.. Write(report, folds, folder), WriteScores(folder, report.ClassNames, scores), .. models]
            : Array.Empty<string>();
        return new SerExperimentResult(report, folds, files);
    }

    // Everything trained here sees only the fold's training and validation parts; the test part is only scored.
    private static CombinationFold RunFold(ProtocolFold fold, SerExperimentOptions options, IReadOnlyList<string> labels, SerFitProgress progress,
        List<string> models, StringBuilder scores, Action evaluating, CancellationToken cancellationToken)
    {
        var pipeline = new SerPipelineTrainer(options.Pipeline).Fit(fold.Training, fold.Validation, labels, progress);
        try
        {
            if (options.SaveModels)
                models.Add(SaveModel(pipeline, fold, options));
            cancellationToken.ThrowIfCancellationRequested();
            evaluating();
            var mlContext = new MLContext(options.Pipeline.Seed);
            IDataView Scored(IReadOnlyList<SerManifestEntry> part) => pipeline.NetworkModel.Transform(ManifestDataView.Load(mlContext, part));

            var featureFusion = options.Pipeline.FeatureFusion.Clone();
            featureFusion.Seed = options.Pipeline.Seed;
            var evaluator = new CombinationEvaluator(mlContext, new CombinationEvaluatorOptions
            {
                Networks = options.Pipeline.Networks.ToArray(),
                IncludeOracle = options.IncludeOracle,
                IncludeFeatureLevel = options.IncludeFeatureLevel,
                FeatureFusion = featureFusion,
                Criterion = options.Pipeline.ScoreFusionCriterion,
                Calibrate = options.Pipeline.CalibrateScores,
                WeightShrinkage = options.Pipeline.ScoreFusionWeightShrinkage,
            });
            // Scoring the test audio is the expensive part: once, for the figures and the scores file alike.
            var test = mlContext.Data.Cache(Scored(fold.Test));
            var networks = options.Pipeline.Networks;
            scores.Append(UtteranceScoresCsv.Rows(fold.Name, "fusion", pipeline.FusionData, networks))
                .Append(UtteranceScoresCsv.Rows(fold.Name, "test", test, networks));
            // The histories are copied out: the networks they came from are disposed below.
            return evaluator.EvaluateFold(pipeline.FusionData, test, fold.Index, fold.Name, pipeline.FeatureFusionData) with
            {
                TrainingCount = fold.Training.Count,
                ValidationCount = fold.Validation.Count,
                Training = pipeline.Training.ToDictionary(p => p.Key, p => TrainingHistory.From(p.Value), StringComparer.Ordinal),
            };
        }
        finally
        {
            // The networks hold native TorchSharp/ONNX Runtime state; release each fold's before the next trains.
            // The full model holds every transformer of the network model too, so one disposal frees both.
            pipeline.Model.Dispose();
        }
    }

    private static string SaveModel(SerPipelineResult pipeline, ProtocolFold fold, SerExperimentOptions options)
    {
        var path = Path.Combine(options.OutputDirectory!, ModelFileName(fold.Name));
        var mlContext = new MLContext(options.Pipeline.Seed);
        SerModelFile.Save(mlContext, pipeline.Model, SerInput.Schema(mlContext), path);
        return path;
    }

    private static string WriteScores(string folder, IReadOnlyList<string> classNames, StringBuilder rows)
    {
        var path = Path.Combine(folder, UtteranceScoresCsv.FileName);
        AtomicFile.WriteAllText(path, UtteranceScoresCsv.Header(classNames) + rows);
        return path;
    }

    private static void CheckParts(ProtocolFold fold)
    {
        if (fold.Validation.Count == 0)
            throw new ArgumentException($"Fold {fold.Name}: no validation utterances to search the score-fusion weights on.");
    }

    private static IReadOnlyDictionary<string, int> Counts(IReadOnlyList<SerManifestEntry> entries)
    {
        var counts = new Dictionary<string, int>
        {
            ["utterances"] = entries.Count,
            ["speakers"] = entries.Select(e => e.Speaker).Distinct(StringComparer.Ordinal).Count(),
        };
        foreach (var group in entries.GroupBy(e => e.Label, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            counts[$"class {group.Key}"] = group.Count();
        return counts;
    }

    private static IReadOnlyList<string> Write(ExperimentReport report, IReadOnlyList<ProtocolFold> folds, string folder)
    {
        var files = new List<string>(ExperimentReportWriter.Write(report, folder));
        var path = Path.Combine(folder, FoldsFileName);
        AtomicFile.WriteAllText(path, FoldsCsv(folds));
        files.Add(path);
        return files;
    }

    /// <summary>Every fold's speakers per part as CSV (<c>fold,part,speaker,utterances</c>), so a reader can check the folds are speaker-disjoint.</summary>
    /// <param name="folds">The folds.</param>
    public static string FoldsCsv(IReadOnlyList<ProtocolFold> folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        var csv = new StringBuilder("fold,part,speaker,utterances\n");
        foreach (var fold in folds)
        {
            foreach (var (part, entries) in new[] { ("training", fold.Training), ("validation", fold.Validation), ("test", fold.Test) })
            {
                foreach (var speaker in entries.GroupBy(e => e.Speaker, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
                    csv.Append(CsvField(fold.Name)).Append(',').Append(part).Append(',').Append(CsvField(speaker.Key)).Append(',').Append(speaker.Count()).Append('\n');
            }
        }

        return csv.ToString();
    }

    private static string CsvField(string value)
        => value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    // Tags the fit's reports with the fold and passes them on, and stops the work at the next report once cancelled
    // (the store and the trainer report synchronously on the thread that does the work).
    private sealed class Forwarder<T>(Func<T, SerExperimentProgress> wrap, IProgress<SerExperimentProgress>? target, CancellationToken cancellationToken) : IProgress<T>
    {
        public void Report(T value)
        {
            cancellationToken.ThrowIfCancellationRequested();
            target?.Report(wrap(value));
        }
    }
}
