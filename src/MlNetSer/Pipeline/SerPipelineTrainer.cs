using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Data;
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
    /// <param name="training">Trains the networks (each holds out <see cref="SerPipelineOptions.ValidationFraction"/> of its speakers for early stopping) and the feature fusion.</param>
    /// <param name="validation">Chooses the score-fusion weights; should share no speaker with <paramref name="training"/>.</param>
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

        var mlContext = new MLContext(_options.Seed);
        var seen = ReadLabels(training).Union(ReadLabels(validation)).Order(StringComparer.Ordinal).ToArray();
        var labels = _options.Labels?.ToArray() ?? seen;
        if (labels.Length < 2)
            throw new ArgumentException($"Training needs at least two classes (got {labels.Length}: {string.Join(", ", labels)}).", nameof(training));
        if (seen.Except(labels, StringComparer.Ordinal).ToArray() is { Length: > 0 } unknown)
            throw new ArgumentException($"The data has labels that Options.Labels lacks: {string.Join(", ", unknown)}.", nameof(training));

        var frontEnd = FrontEnd(mlContext).Fit(training);
        var keyedTraining = mlContext.Data.Cache(frontEnd.Transform(AddLabelKey(mlContext, training, labels)));

        var parts = new List<ITransformer>(frontEnd);
        var histories = new Dictionary<string, TrainingResult>();
        foreach (var network in _options.Networks)
        {
            var networkOptions = _options.NetworkOptions(network);
            networkOptions.FeatureOptionsJson = System.Text.Json.JsonSerializer.Serialize(_options.Features);
            if (_options.Progress is { } progress)
                networkOptions.Progress = new Progress(network, progress);
            var fitted = mlContext.Transforms.SerTrainNetwork(networkOptions).Fit(keyedTraining);
            histories[network] = fitted.Training;
            SaveOnnx(network, fitted);
            // Its scoring chain (what Model.Save writes anyway), so the inspectors also see into the fitted model.
            parts.Add(fitted.Chain);
        }

        parts.Add(mlContext.Transforms.DropColumns(TensorColumns()).Fit(keyedTraining));
        var networkModel = new TransformerChain<ITransformer>(parts.ToArray());

        // Feature fusion reads the training features once per SVM pass: score the networks once.
        var scoredTraining = mlContext.Data.Cache(networkModel.Transform(AddLabelKey(mlContext, training, labels)));
        var featureFusion = mlContext.MulticlassClassification.Trainers.SerFeatureFusion(FeatureFusionOptions()).Fit(scoredTraining);

        var scoredValidation = mlContext.Data.Cache(featureFusion.Transform(networkModel.Transform(AddLabelKey(mlContext, validation, labels))));
        var scoreFusion = mlContext.Transforms.SerScoreFusion(new ScoreFusionOptions
        {
            ScoreColumnNames = _options.Networks.Select(SerColumns.ScoreOf).ToArray(),
            NetworkNames = _options.Networks.ToArray(),
            LabelColumnName = SerColumns.Label,
            ScoreColumnName = SerColumns.Score,
            PredictedLabelColumnName = SerColumns.PredictedLabel,
            Mode = _options.ScoreFusionMode,
        }).Fit(scoredValidation);

        var model = new TransformerChain<ITransformer>([.. parts, featureFusion, scoreFusion]);
        return new SerPipelineResult(model, networkModel, labels, histories, scoreFusion.Info) { ScoreFusionSearch = scoreFusion.Search };
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

    private static IDataView AddLabelKey(MLContext mlContext, IDataView data, IReadOnlyList<string> labels)
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
        if (networks.Contains("2d") || networks.Contains("3d"))
            chain = chain.Append<ITransformer>(mlContext.Transforms.SerMelSegments(SerColumns.Mel, SerColumns.Samples, features.Mel));
        if (networks.Contains("3d"))
            chain = chain.Append<ITransformer>(mlContext.Transforms.SerMelClips(SerColumns.Clips, SerColumns.Mel, features.Clip, features.Mel));
        return chain;
    }

    private string[] TensorColumns()
    {
        var columns = new List<string> { SerColumns.Samples };
        if (_options.Networks.Contains("1d"))
            columns.Add(SerColumns.Waveform);
        if (_options.Networks.Contains("2d") || _options.Networks.Contains("3d"))
            columns.Add(SerColumns.Mel);
        if (_options.Networks.Contains("3d"))
            columns.Add(SerColumns.Clips);
        return columns.ToArray();
    }

    private FeatureFusionOptions FeatureFusionOptions()
    {
        var options = _options.FeatureFusion.Clone();
        options.FeatureColumnNames = _options.Networks.Select(SerColumns.FeaturesOf).ToArray();
        options.NetworkNames = _options.Networks.ToArray();
        options.LabelColumnName = SerColumns.Label;
        options.ScoreColumnName = SerColumns.FeatureScore;
        options.PredictedLabelColumnName = SerColumns.FeaturePredictedLabel;
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
