using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Data;
using MlNetSer.Features.Store;
using MlNetSer.Fusion;
using MlNetSer.Training;
using MlNetSer.Transforms;

namespace MlNetSer.Pipeline;

/// <summary>
/// Trains the paper's whole method as one ML.NET model: <c>SerLoadAudio</c> → the input tensors the chosen
/// networks need → one <c>SerTrainNetwork</c> per network (columns <c>ScoreXd</c>/<c>FeaturesXd</c>, see
/// <see cref="SerColumns"/>) → feature-level fusion trained on the training data → score-level fusion whose
/// weights are searched on the validation data.
/// </summary>
/// <remarks>
/// The label is a key column whose class order is the sorted list of the labels in both data sets; every part
/// (networks, fusions, <see cref="PrepareEvaluationData"/>) uses that order. The returned model takes only a
/// <see cref="SerColumns.Path"/> column: the label mapping is applied to the training data, not stored in it.
/// Intermediate tensors are dropped from the output, so the model's output holds the per-network scores and
/// features and the two fusions' outputs beside the input columns.
/// </remarks>
/// <example>
/// <code>
/// var manifest = SerManifest.Read("corpus/manifest.csv");
/// var fold = FixedSplit.Split(manifest.Entries);   // train / validation / test, speaker-disjoint
/// var result = new SerPipelineTrainer(new SerPipelineOptions { Preset = SerPipelinePreset.Fast, Labels = manifest.Labels })
///     .Fit(fold.Training, fold.Validation);
/// var mlContext = new MLContext();
/// mlContext.Model.Save(result.Model, SerPipelineTrainer.InputSchema(mlContext), "ser.zip");
///
/// var model = mlContext.Model.Load("ser.zip", out _);
/// var info = SerModelInfo.Read(model);              // labels, networks, λ, feature-fusion classifier
/// var test = SerPipelineTrainer.PrepareEvaluationData(mlContext, ManifestDataView.Load(mlContext, fold.Test), info.Labels);
/// var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(test));   // Label, Score, PredictedLabel
/// var perNetwork = SerPipelineEvaluation.Evaluate(mlContext, model, ManifestDataView.Load(mlContext, fold.Test), out _);
/// </code>
/// </example>
public sealed class SerPipelineTrainer
{
    private readonly SerPipelineOptions _options;

    /// <summary>Creates a trainer; the options are validated here and again in <c>Fit</c>.</summary>
    /// <param name="options">The options (null for the defaults: the paper's).</param>
    public SerPipelineTrainer(SerPipelineOptions? options = null)
    {
        _options = options ?? new SerPipelineOptions();
        _options.Validate();
    }

    /// <summary>The options.</summary>
    public SerPipelineOptions Options => _options;

    /// <summary>Trains on manifest entries: <paramref name="training"/> trains the networks and the feature fusion, <paramref name="validation"/> chooses the score-fusion weights.</summary>
    /// <param name="training">Training utterances (their speakers must not appear in <paramref name="validation"/>).</param>
    /// <param name="validation">Validation utterances.</param>
    /// <exception cref="ArgumentException">Either list is empty, or the two share a speaker.</exception>
    public SerPipelineResult Fit(IReadOnlyList<SerManifestEntry> training, IReadOnlyList<SerManifestEntry> validation)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        if (training.Count == 0 || validation.Count == 0)
            throw new ArgumentException($"Training needs training and validation utterances (got {training.Count} and {validation.Count}).");
        var shared = training.Select(e => e.Speaker).Intersect(validation.Select(e => e.Speaker), StringComparer.Ordinal).ToArray();
        if (shared.Length > 0)
            throw new ArgumentException($"The training and validation data share speaker(s): {string.Join(", ", shared.Take(5))}.");
        var mlContext = new MLContext(_options.Seed);
        return Fit(ManifestDataView.Load(mlContext, training), ManifestDataView.Load(mlContext, validation));
    }

    /// <summary>
    /// Trains on data views with text columns <see cref="SerColumns.Path"/>, <see cref="SerColumns.Label"/> and
    /// <see cref="SerColumns.Speaker"/>.
    /// </summary>
    /// <param name="training">Trains the networks (and, with <see cref="FusionFitting.OutOfFold"/>, their out-of-fold copies).</param>
    /// <param name="validation">
    /// Speakers the networks do not train on: early stopping, and the outputs the fusions are fitted on. Should share no
    /// speaker with <paramref name="training"/>.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or not text; the message names it.</exception>
    public SerPipelineResult Fit(IDataView training, IDataView validation)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        _options.Validate();
        foreach (var (data, name) in new[] { (training, "training"), (validation, "validation") })
        {
            foreach (var column in new[] { SerColumns.Path, SerColumns.Label, SerColumns.Speaker })
                CheckText(data.Schema, column, name);
        }

        // Resolved first: an unusable CUDA device fails before any work, and TorchSharp's CUDA backend (when the application
        // has one) is best loaded before anything else touches TorchSharp. Every part resolves the same device again (the
        // answer is kept per process), so the networks, the fusion and the baseline run where the result says.
        var device = _options.Device.Resolve();
        var mlContext = new MLContext(_options.Seed);
        var seen = ReadLabels(training).Union(ReadLabels(validation)).Order(StringComparer.Ordinal).ToArray();
        var labels = _options.Labels?.ToArray() ?? seen;
        if (labels.Length < 2)
            throw new ArgumentException($"Training needs at least two classes (got {labels.Length}: {string.Join(", ", labels)}).", nameof(training));
        if (seen.Except(labels, StringComparer.Ordinal).ToArray() is { Length: > 0 } unknown)
            throw new ArgumentException($"The data has labels that Options.Labels lacks: {string.Join(", ", unknown)}.", nameof(training));

        var frontEnd = FrontEnd(mlContext).Fit(training);
        IDataView Keyed(IDataView data) => frontEnd.Transform(AddLabelKey(mlContext, data, labels));
        // Lazy views: every pass over them computes the tensors from the audio again. The networks train from the
        // segment store instead; these are scored once each, for the fusions and the baseline.
        var keyedTraining = Keyed(training);
        var keyedValidation = Keyed(validation);
        var trainingRows = ReadRows(training);
        var validationRows = ReadRows(validation);
        var corpus = StoredCorpus.Populate(new SegmentStore(StoreOptions()), trainingRows.Concat(validationRows),
            _options.Networks.Select(StoredCorpus.KindOf), labels, _options.StoreProgress);

        var networks = new Dictionary<string, SerNetworkTransformer>(StringComparer.Ordinal);
        var histories = new Dictionary<string, TrainingResult>(StringComparer.Ordinal);
        var outputs = new UtteranceOutputs();
        try
        {
            foreach (var network in _options.Networks)
            {
                networks[network] = TrainNetwork(mlContext, network, corpus, trainingRows, validationRows, keyedTraining, stage: null);
                histories[network] = networks[network].Training;
            }

            // The fusions learn from outputs for speakers the networks never trained on.
            if (_options.FusionFitting == FusionFitting.OutOfFold)
                AddOutOfFoldOutputs(mlContext, corpus, trainingRows, validationRows, keyedTraining, Keyed, labels, outputs);
            outputs.Add(Score(networks.Values, keyedValidation), labels);

            if (_options.RefitNetworks)
                Refit(mlContext, corpus, [.. trainingRows, .. validationRows], keyedTraining, networks);
        }
        catch
        {
            foreach (var network in networks.Values)
                network.Dispose();
            throw;
        }

        foreach (var (network, fitted) in networks)
            SaveOnnx(network, fitted);
        var fusionData = outputs.ToDataView(mlContext, labels);

        // The networks' scoring chains (what Model.Save writes anyway), so the inspectors also see into the fitted model.
        var parts = new List<ITransformer>(frontEnd);
        parts.AddRange(_options.Networks.Select(n => networks[n].Chain));
        parts.Add(mlContext.Transforms.DropColumns(TensorColumns()).Fit(keyedTraining));
        if (_options.Baseline)
            parts.Add(FitBaseline(mlContext, keyedTraining, keyedValidation, labels));
        var networkModel = new TransformerChain<ITransformer>(parts.ToArray());

        var featureFusion = mlContext.MulticlassClassification.Trainers.SerFeatureFusion(FeatureFusionOptions()).Fit(fusionData);
        var scoreFusion = mlContext.Transforms.SerScoreFusion(new ScoreFusionOptions
        {
            ScoreColumnNames = _options.Networks.Select(SerColumns.ScoreOf).ToArray(),
            NetworkNames = _options.Networks.ToArray(),
            LabelColumnName = SerColumns.Label,
            ScoreColumnName = SerColumns.Score,
            PredictedLabelColumnName = SerColumns.PredictedLabel,
            Mode = _options.ScoreFusionMode,
            Criterion = _options.ScoreFusionCriterion,
            Calibrate = _options.CalibrateScores,
            Device = _options.Device,
        }).Fit(fusionData);

        var model = new TransformerChain<ITransformer>([.. parts, featureFusion, scoreFusion]);
        return new SerPipelineResult(model, networkModel, labels, histories, scoreFusion.Info)
        {
            ScoreFusionSearch = scoreFusion.Search,
            FusionData = fusionData,
            SkippedFiles = corpus.Failures,
            Device = device,
        };
    }

    /// <summary>
    /// Trains one network on the store's segments of <paramref name="training"/>, stopping early on those of
    /// <paramref name="validation"/> (null: the full epoch count). <paramref name="schema"/> only gives the scoring chain its input columns.
    /// </summary>
    private SerNetworkTransformer TrainNetwork(MLContext mlContext, string network, StoredCorpus corpus, IEnumerable<ManifestDataView.Row> training,
        IEnumerable<ManifestDataView.Row>? validation, IDataView schema, string? stage, int? epochs = null)
    {
        var options = _options.NetworkOptions(network);
        options.FeatureOptionsJson = System.Text.Json.JsonSerializer.Serialize(_options.Features);
        if (epochs is { } count)
        {
            options.Trainer.Epochs = count;
            options.ValidationFraction = 0;
        }

        if (_options.Progress is { } progress)
            options.Progress = new Progress(stage is null ? network : $"{network} {stage}", progress);
        var kind = StoredCorpus.KindOf(network);
        using var trainingSet = corpus.Segments(training, kind, "training");
        using var validationSet = validation is null ? null : corpus.Segments(validation, kind, "validation");
        return mlContext.Transforms.SerTrainNetwork(options).Fit(trainingSet, validationSet, corpus.Labels, schema);
    }

    // Every network once more per speaker group of the training data, without that group; their outputs on it.
    private void AddOutOfFoldOutputs(MLContext mlContext, StoredCorpus corpus, IReadOnlyList<ManifestDataView.Row> training, IReadOnlyList<ManifestDataView.Row> validation,
        IDataView schema, Func<IDataView, IDataView> keyed, IReadOnlyList<string> labels, UtteranceOutputs outputs)
    {
        var groups = CrossValidationFolds.HeldGroups(training.Select(r => r.Speaker), _options.FusionFolds);
        for (var f = 0; f < groups.Count; f++)
        {
            var foldNetworks = new List<SerNetworkTransformer>();
            try
            {
                var rest = training.Where(r => !groups[f].Contains(r.Speaker)).ToArray();
                foreach (var network in _options.Networks)
                    foldNetworks.Add(TrainNetwork(mlContext, network, corpus, rest, validation, schema, $"(fold {f + 1}/{groups.Count})"));
                var held = mlContext.Data.LoadFromEnumerable(training.Where(r => groups[f].Contains(r.Speaker)).ToArray());
                outputs.Add(Score(foldNetworks, keyed(held)), labels);
            }
            finally
            {
                foreach (var network in foldNetworks)
                    network.Dispose();
            }
        }
    }

    // Each network trained again on every speaker for the epochs early stopping kept; replaces the first one.
    private void Refit(MLContext mlContext, StoredCorpus corpus, IReadOnlyList<ManifestDataView.Row> all, IDataView schema, Dictionary<string, SerNetworkTransformer> networks)
    {
        foreach (var network in _options.Networks)
        {
            var first = networks[network];
            networks[network] = TrainNetwork(mlContext, network, corpus, all, validation: null, schema, "(refit)", first.Training.BestEpoch);
            first.Dispose();
        }
    }

    private static IDataView Score(IEnumerable<SerNetworkTransformer> networks, IDataView data)
        => networks.Aggregate(data, (scored, network) => network.Transform(scored));

    // The shallow baseline on the log-Mel statistics of every utterance the networks learn from.
    private TransformerChain<ITransformer> FitBaseline(MLContext mlContext, IDataView training, IDataView validation, IReadOnlyList<string> labels)
    {
        var statistics = new UtteranceOutputs();
        statistics.Add(training, labels);
        statistics.Add(validation, labels);
        var options = _options.FeatureFusion.Clone();
        options.FeatureColumnNames = [SerColumns.MelStatistics];
        options.NetworkNames = [SerColumns.MelStatistics];
        options.LabelColumnName = SerColumns.Label;
        options.ScoreColumnName = SerColumns.BaselineScore;
        options.PredictedLabelColumnName = SerColumns.BaselinePredictedLabel;
        options.GroupColumnName = SerColumns.Speaker;
        options.Seed = _options.Seed;
        return mlContext.MulticlassClassification.Trainers.SerFeatureFusion(options).Fit(statistics.ToDataView(mlContext, labels));
    }

    // The three text columns the trainer reads; the data views given to Fit are small lists of file names.
    private static List<ManifestDataView.Row> ReadRows(IDataView data)
    {
        var columns = new[] { SerColumns.Path, SerColumns.Label, SerColumns.Speaker }.Select(c => data.Schema[c]).ToArray();
        using var cursor = data.GetRowCursor(columns);
        var getters = columns.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(c)).ToArray();
        var rows = new List<ManifestDataView.Row>();
        var value = default(ReadOnlyMemory<char>);
        string Read(int i)
        {
            getters[i](ref value);
            return value.ToString();
        }

        while (cursor.MoveNext())
            rows.Add(new ManifestDataView.Row { Path = Read(0), Label = Read(1), Speaker = Read(2) });
        return rows;
    }

    /// <summary>
    /// Replaces the text column <see cref="SerColumns.Label"/> of <paramref name="data"/> by a key column with the
    /// class order <paramref name="labels"/> (read it from a model with <see cref="SerModelInfo.Read"/>), as
    /// <c>mlContext.MulticlassClassification.Evaluate</c> and <c>MulticlassReport.FromDataView</c> need. A label
    /// not in <paramref name="labels"/> becomes the missing key (0).
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="data">Data with a text <see cref="SerColumns.Label"/> column.</param>
    /// <param name="labels">The model's class names in score order.</param>
    public static IDataView PrepareEvaluationData(MLContext mlContext, IDataView data, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        CheckText(data.Schema, SerColumns.Label, "evaluation");
        return AddLabelKey(mlContext, data, labels);
    }

    /// <summary>The model's input schema, a single text column <see cref="SerColumns.Path"/>: pass it to <c>mlContext.Model.Save</c>.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    public static DataViewSchema InputSchema(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return mlContext.Data.LoadFromEnumerable(Array.Empty<PathRow>()).Schema;
    }

    internal static IDataView AddLabelKey(MLContext mlContext, IDataView data, IReadOnlyList<string> labels)
    {
        var keyData = mlContext.Data.LoadFromEnumerable(labels.Select(l => new LabelRow { Label = l }));
        return mlContext.Transforms.Conversion.MapValueToKey(SerColumns.Label, SerColumns.Label,
                keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence, keyData: keyData)
            .Fit(data).Transform(data);
    }

    private EstimatorChain<ITransformer> FrontEnd(MLContext mlContext)
    {
        var features = _options.Features;
        var chain = new EstimatorChain<ITransformer>()
            .Append<ITransformer>(mlContext.Transforms.SerLoadAudio(SerColumns.Samples, SerColumns.Path, features.Mel.SampleRate));
        var networks = _options.Networks;
        if (networks.Contains("1d"))
            chain = chain.Append<ITransformer>(mlContext.Transforms.SerWaveformSegments(SerColumns.Waveform, SerColumns.Samples, features.Waveform));
        if (networks.Contains("2d") || networks.Contains("3d") || _options.Baseline)
            chain = chain.Append<ITransformer>(mlContext.Transforms.SerMelSegments(SerColumns.Mel, SerColumns.Samples, features.Mel));
        if (networks.Contains("3d"))
            chain = chain.Append<ITransformer>(mlContext.Transforms.SerMelClips(SerColumns.Clips, SerColumns.Mel, features.Clip, features.Mel));
        if (_options.Baseline)
            chain = chain.Append<ITransformer>(mlContext.Transforms.SerMelStatistics(SerColumns.MelStatistics, SerColumns.Mel, features.Mel, _options.Device));
        return chain;
    }

    private string[] TensorColumns()
    {
        var columns = new List<string> { SerColumns.Samples };
        if (_options.Networks.Contains("1d"))
            columns.Add(SerColumns.Waveform);
        if (_options.Networks.Contains("2d") || _options.Networks.Contains("3d") || _options.Baseline)
            columns.Add(SerColumns.Mel);
        if (_options.Networks.Contains("3d"))
            columns.Add(SerColumns.Clips);
        return columns.ToArray();
    }

    private SegmentStoreOptions StoreOptions() => new()
    {
        Directory = _options.CacheDirectory ?? SerPipelineOptions.DefaultCacheDirectory,
        Features = _options.Features,
        Threads = _options.FeatureThreads,
    };

    private FeatureFusionOptions FeatureFusionOptions()
    {
        var options = _options.FeatureFusion.Clone();
        options.FeatureColumnNames = _options.Networks.Select(SerColumns.FeaturesOf).ToArray();
        options.NetworkNames = _options.Networks.ToArray();
        options.LabelColumnName = SerColumns.Label;
        options.ScoreColumnName = SerColumns.FeatureScore;
        options.PredictedLabelColumnName = SerColumns.FeaturePredictedLabel;
        options.GroupColumnName = SerColumns.Speaker;
        options.Seed = _options.Seed;
        return options;
    }

    private void SaveOnnx(string network, SerNetworkTransformer fitted)
    {
        if (_options.OnnxDirectory is not { } folder)
            return;
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, network + ".onnx"), fitted.GetOnnxModel());
    }

    private static void CheckText(DataViewSchema schema, string column, string dataName)
    {
        var found = schema.GetColumnOrNull(column)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"The {dataName} data has no '{column}' column.");
        if (found.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(schema), $"The {dataName} data's '{column}' column is {found.Type}; it must be text.");
    }

    private static IEnumerable<string> ReadLabels(IDataView data)
        => data.GetColumn<ReadOnlyMemory<char>>(SerColumns.Label).Select(l => l.ToString()).Where(l => l.Length > 0).Distinct().ToArray();

    private sealed class PathRow
    {
        public string Path { get; set; } = "";
    }

    private sealed class LabelRow
    {
        public string Label { get; set; } = "";
    }

    // Forwards the trainer's reports synchronously, tagged with the network (System.Progress would post them to a thread pool).
    private sealed class Progress(string network, IProgress<SerPipelineProgress> target) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => target.Report(new SerPipelineProgress(network, value));
    }
}
