using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Data;
using MlNetSer.Features.Store;
using MlNetSer.Transforms;

namespace MlNetSer.Pipeline;

/// <summary>
/// A convenience over the estimator chain that makes the paper's model, for manifest data and an explicit validation
/// split: it composes <c>MapValueToKey(Label)</c> (class order: the label list given to <c>Fit</c>, else the sorted
/// labels of both sets) → <c>SerLoadAudio</c> → the input tensors the chosen networks need (and the log-Mel statistics
/// of the baseline) → <c>SerFusedNetworks</c> (networks, feature fusion, score fusion; see
/// <see cref="SerFusedNetworksEstimator"/>) → tensor columns dropped → predicted labels back to text, and fits it once.
/// </summary>
/// <remarks>
/// The returned model takes text <see cref="SerColumns.Path"/> and <see cref="SerColumns.Label"/> columns (an empty
/// label to predict), so <c>mlContext.MulticlassClassification.Evaluate(model.Transform(data))</c> works on raw
/// manifest data. Composing the same chain by hand gives the same model (README, "The library").
/// </remarks>
/// <example>
/// <code>
/// var manifest = SerManifest.Read("corpus/manifest.csv");
/// var fold = FixedSplit.Split(manifest.Entries);   // train / validation / test, speaker-disjoint
/// var result = new SerPipelineTrainer(new SerPipelineOptions { Preset = SerPipelinePreset.Fast })
///     .Fit(fold.Training, fold.Validation, manifest.Labels);
/// var mlContext = new MLContext();
/// mlContext.Model.Save(result.Model, SerInput.Schema(mlContext), "ser.zip");
///
/// var model = mlContext.Model.Load("ser.zip", out _);
/// var info = SerModelInfo.Read(model);              // labels, networks, λ, feature options
/// var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(ManifestDataView.Load(mlContext, fold.Test)));
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
    /// <param name="labels">
    /// The class names in score order (default null: the sorted labels of both lists). Give the whole manifest's sorted
    /// label list (<c>SerManifest.Labels</c>) so that a class seen only in test data keeps its slot.
    /// </param>
    /// <param name="progress">Where the fit reports (default null: nowhere).</param>
    public SerPipelineResult Fit(IReadOnlyList<SerManifestEntry> training, IReadOnlyList<SerManifestEntry> validation,
        IReadOnlyList<string>? labels = null, SerFitProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        if (training.Count == 0 || validation.Count == 0)
            throw new ArgumentException($"Training needs training and validation utterances (got {training.Count} and {validation.Count}).");
        var shared = training.Select(e => e.Speaker).Intersect(validation.Select(e => e.Speaker), StringComparer.Ordinal).ToArray();
        if (shared.Length > 0)
            throw new ArgumentException($"The training and validation data share speaker(s): {string.Join(", ", shared.Take(5))}.");
        var mlContext = new MLContext(_options.Seed);
        return Fit(ManifestDataView.Load(mlContext, training), ManifestDataView.Load(mlContext, validation), labels, progress);
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
    /// <param name="labels">The class names in score order (default null: the sorted labels of both sets).</param>
    /// <param name="progress">Where the fit reports (default null: nowhere).</param>
    public SerPipelineResult Fit(IDataView training, IDataView validation, IReadOnlyList<string>? labels = null, SerFitProgress? progress = null)
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
        var classes = labels?.ToArray() ?? seen;
        if (classes.Length < 2 || classes.Any(string.IsNullOrEmpty) || classes.Distinct(StringComparer.Ordinal).Count() != classes.Length)
            throw new ArgumentException($"Training needs at least two distinct non-empty classes (got {classes.Length}: {string.Join(", ", classes)}).", nameof(labels));
        if (seen.Except(classes, StringComparer.Ordinal).ToArray() is { Length: > 0 } unknown)
            throw new ArgumentException($"The data has labels that the given label list lacks: {string.Join(", ", unknown)}.", nameof(labels));

        // The fused trainer takes its validation speakers through the same transforms as the training data.
        var prefix = LabelKey.Estimator(mlContext, classes).Append(FrontEnd(mlContext));
        var preparedValidation = prefix.Fit(training).Transform(validation);
        var pipeline = prefix
            .Append(mlContext.MulticlassClassification.Trainers.SerFusedNetworks(_options, preparedValidation, progress))
            .Append(mlContext.Transforms.DropColumns(TensorColumns()))
            .Append(mlContext.Transforms.Conversion.MapKeyToValue(PredictedLabelColumns().Select(c => new InputOutputColumnPair(c)).ToArray()));
        var elements = pipeline.Fit(training).ToArray();
        var model = new TransformerChain<ITransformer>(elements);
        var fused = elements.OfType<SerFusedNetworksTransformer>().Single();
        var beforeFused = elements.TakeWhile(e => e is not SerFusedNetworksTransformer).ToArray();
        var networkModel = new TransformerChain<ITransformer>([.. beforeFused, fused.NetworkModel, elements.OfType<Microsoft.ML.Transforms.ColumnSelectingTransformer>().Single()]);
        return new SerPipelineResult(model, networkModel, classes, fused.Training, fused.ScoreFusion.Info)
        {
            ScoreFusionSearch = fused.ScoreFusion.Search,
            FusionData = fused.FusionData,
            FeatureFusionData = fused.FeatureFusionData,
            SkippedFiles = fused.SkippedFiles,
            Device = fused.Device,
        };
    }

    private EstimatorChain<ITransformer> FrontEnd(MLContext mlContext)
    {
        var features = _options.Features;
        var chain = new EstimatorChain<ITransformer>()
            .Append<ITransformer>(mlContext.Transforms.SerLoadAudio(SerColumns.Samples, SerColumns.Path, features.Mel.SampleRate));
        var inputs = Inputs();
        if (inputs.Contains(SegmentKind.Waveform))
            chain = chain.Append<ITransformer>(mlContext.Transforms.SerWaveformSegments(SerColumns.Waveform, SerColumns.Samples, features.Waveform));
        if (inputs.Contains(SegmentKind.Mel))
            chain = chain.Append<ITransformer>(mlContext.Transforms.SerMelSegments(SerColumns.Mel, SerColumns.Samples, features.Mel));
        if (inputs.Contains(SegmentKind.Clip))
        {
            var (ownSegments, clips) = SerMelClipsEstimator.FromSamples(
                SerColumns.Clips, SerColumns.Mel, SerColumns.ClipSegments, SerColumns.Samples, features.Clip, features.Mel);
            if (ownSegments is not null)
                chain = chain.Append<ITransformer>(ownSegments);
            chain = chain.Append<ITransformer>(clips);
        }

        if (_options.Baseline)
            chain = chain.Append<ITransformer>(mlContext.Transforms.SerMelStatistics(SerColumns.MelStatistics, SerColumns.Mel, features.Mel, _options.Device));
        return chain;
    }

    private string[] PredictedLabelColumns()
        => _options.Baseline
            ? [SerColumns.PredictedLabel, SerColumns.FeaturePredictedLabel, SerColumns.BaselinePredictedLabel]
            : [SerColumns.PredictedLabel, SerColumns.FeaturePredictedLabel];

    // The tensors the front end makes: each network's input, the Mel segments also for the clips and the baseline.
    private HashSet<SegmentKind> Inputs()
    {
        var inputs = _options.Networks.Select(n => SerNetworkId.Parse(n).Input).ToHashSet();
        if (inputs.Contains(SegmentKind.Clip) || _options.Baseline)
            inputs.Add(SegmentKind.Mel);
        return inputs;
    }

    private string[] TensorColumns()
    {
        var columns = SerNetworkId.All.Where(n => Inputs().Contains(n.Input)).Select(n => n.SegmentColumnName).Prepend(SerColumns.Samples);
        if (Inputs().Contains(SegmentKind.Clip) && _options.Features.Clip.HasOwnSegments(_options.Features.Mel))
            columns = columns.Append(SerColumns.ClipSegments);
        return columns.ToArray();
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
}
