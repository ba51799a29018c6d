using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Data;
using MlNetSer.Features.Store;
using MlNetSer.Fusion;
using MlNetSer.Training;
using MlNetSer.Transforms;

namespace MlNetSer.Pipeline;

/// <summary>
/// The paper's networks and both fusions as one trainer: <c>Fit</c> trains the chosen networks (1D, 2D, 3D CNN), scores
/// utterances of speakers they did not train on, fits the feature-level fusion (linear SVM on the networks' utterance
/// features) and the score-level fusion (weights λ) on those outputs, and returns one transformer that adds every
/// network's <c>ScoreXd</c>/<c>FeaturesXd</c>, <see cref="SerColumns.FeatureScore"/>/<see cref="SerColumns.FeaturePredictedLabel"/>,
/// the baseline's columns and the fused <see cref="SerColumns.Score"/>/<see cref="SerColumns.PredictedLabel"/> (keys).
/// Make it with <c>mlContext.MulticlassClassification.Trainers.SerFusedNetworks</c>.
/// </summary>
/// <remarks>
/// <para>
/// It is one estimator rather than a chain of three network trainers and two fusion trainers because the fusions must
/// learn from outputs for utterances the networks never trained on (docs/accuracy.md): a chain would give the fusions
/// the networks' outputs on their own training utterances. The speakers for that (and for early stopping) come from the
/// <c>validationSet</c> given to the catalog, or, when none is given, from a speaker-disjoint hold-out of
/// <see cref="SerPipelineOptions.ValidationFraction"/> of the input's speakers.
/// </para>
/// <para>
/// Input columns (the names of <see cref="SerColumns"/>): <see cref="SerColumns.Label"/> (key; its key values are the
/// class names), <see cref="SerColumns.Path"/> and <see cref="SerColumns.Speaker"/> (text), and the tensor columns of the
/// chosen networks as <c>SerFeatures</c> makes them with <see cref="SerPipelineOptions.Features"/>
/// (<see cref="SerColumns.Waveform"/>, <see cref="SerColumns.Mel"/>, <see cref="SerColumns.Clips"/>), plus
/// <see cref="SerColumns.MelStatistics"/> when <see cref="SerPipelineOptions.Baseline"/> is on. The networks train from a
/// <see cref="SegmentStore"/> computed from the files in <see cref="SerColumns.Path"/> with the same feature options, so
/// memory does not grow with the corpus; <c>Fit</c> checks on the first utterance that the input's tensor columns
/// match the store's and throws when they were made with other options.
/// </para>
/// <para>
/// The device is <see cref="SerPipelineOptions.Device"/>, not the <c>MLContext</c>'s: ML.NET's public API gives third
/// parties no access to <c>MLContext.GpuDeviceId</c> from inside an estimator. The seed is
/// <see cref="SerPipelineOptions.Seed"/> for the same reason.
/// </para>
/// </remarks>
public sealed class SerFusedNetworksEstimator : IEstimator<SerFusedNetworksTransformer>
{
    private readonly SerPipelineOptions _options;
    private readonly IDataView? _validationSet;
    private readonly SerFitProgress _progress;

    internal SerFusedNetworksEstimator(SerPipelineOptions options, IDataView? validationSet, SerFitProgress? progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _validationSet = validationSet;
        _progress = progress ?? new SerFitProgress();
    }

    /// <summary>The options (the object given to the catalog).</summary>
    public SerPipelineOptions Options => _options;

    /// <summary>Trains the networks and fits the fusions; see the class remarks for the input columns.</summary>
    /// <param name="input">Training data (with the validation speakers when no validation set was given).</param>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type; the message names it.</exception>
    /// <exception cref="ArgumentException">Fewer than two classes or speakers, or the validation set shares a speaker with the input.</exception>
    /// <exception cref="InvalidOperationException">The input's tensor columns were made with other feature options than <see cref="SerPipelineOptions.Features"/>.</exception>
    public SerFusedNetworksTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _options.Validate();
        CheckColumns(input.Schema, "training");
        var labels = SerNetworkTrainingData.LabelNames(input.Schema[SerColumns.Label], KeyCount(input.Schema));
        if (labels.Length < 2)
            throw new ArgumentException($"SerFusedNetworks: a classifier needs at least two classes (got {labels.Length}).", nameof(input));

        // Resolved first: an unusable CUDA device fails before any work, and TorchSharp's CUDA backend (when the application
        // has one) is best loaded before anything else touches TorchSharp.
        var device = _options.Device.Resolve();
        var mlContext = new MLContext(_options.Seed);
        var (training, validation) = TrainingAndValidation(mlContext, input, labels);
        var trainingRows = ReadRows(training, labels);
        var validationRows = ReadRows(validation, labels);
        var corpus = StoredCorpus.Populate(new SegmentStore(StoreOptions()), trainingRows.Concat(validationRows),
            Ids.Select(n => n.Input), labels, _progress.Store);
        CheckStoreMatchesInput(corpus, training, trainingRows);

        var networks = new Dictionary<string, SerNetworkTransformer>(StringComparer.Ordinal);
        var outputs = new UtteranceOutputs();
        try
        {
            foreach (var network in _options.Networks)
                networks[network] = TrainNetwork(mlContext, network, corpus, trainingRows, validationRows, training, stage: null);

            // The fusions learn from outputs for speakers the networks never trained on.
            var heldOut = new UtteranceOutputs();
            heldOut.Add(Score(networks.Values, validation), labels);
            if (_options.FusionFitting == FusionFitting.OutOfFold)
                AddOutOfFoldOutputs(mlContext, corpus, trainingRows, validationRows, training, labels, outputs);
            outputs.Add(heldOut);
            var histories = _options.Networks.ToDictionary(n => n, n => networks[n].Training, StringComparer.Ordinal);

            if (_options.RefitNetworks)
                Refit(mlContext, corpus, [.. trainingRows, .. validationRows], training, networks);

            foreach (var (network, fitted) in networks)
                SaveOnnx(network, fitted);
            var fusionData = outputs.ToDataView(mlContext, labels);
            var featureFusionData = FeatureFusionOutputs(mlContext, networks.Values, heldOut, fusionData, training, validation, labels);
            var ordered = _options.Networks.Select(n => networks[n]).ToArray();
            var baseline = _options.Baseline ? FitBaseline(mlContext, training, validation, labels) : null;
            var featureFusion = mlContext.MulticlassClassification.Trainers.SerFeatureFusion(FeatureFusionOptions()).Fit(featureFusionData);
            var scoreFusion = mlContext.Transforms.SerScoreFusion(ScoreFusionOptions()).Fit(fusionData);
            return new SerFusedNetworksTransformer(ordered, baseline, featureFusion, scoreFusion, labels, histories)
            {
                FusionData = fusionData,
                FeatureFusionData = featureFusionData,
                SkippedFiles = corpus.Failures,
                Device = device,
            };
        }
        catch
        {
            foreach (var network in networks.Values)
                network.Dispose();
            throw;
        }
    }

    /// <summary>The input schema plus the columns the fitted transformer adds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or has the wrong type; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        foreach (var column in InputColumns())
        {
            if (!inputSchema.Any(c => c.Name == column))
                throw new ArgumentOutOfRangeException(nameof(inputSchema), $"SerFusedNetworks: the input has no '{column}' column{Hint(column)}.");
        }

        var shape = inputSchema;
        foreach (var network in _options.Networks)
            shape = new SerNetworkEstimator(_options.NetworkOptions(network)).GetOutputSchema(shape);
        if (_options.Baseline)
            shape = new SerFeatureFusionEstimator(BaselineOptions()).GetOutputSchema(shape);
        shape = new SerFeatureFusionEstimator(FeatureFusionOptions()).GetOutputSchema(shape);
        return new SerScoreFusionEstimator(ScoreFusionOptions()).GetOutputSchema(shape);
    }

    // The networks the options name, in their order.
    private IEnumerable<SerNetworkId> Ids => _options.Networks.Select(SerNetworkId.Parse);

    // The columns Fit reads, in the order of the class remarks.
    private IEnumerable<string> InputColumns()
    {
        yield return SerColumns.Label;
        yield return SerColumns.Path;
        yield return SerColumns.Speaker;
        foreach (var network in Ids)
            yield return network.SegmentColumnName;
        if (_options.Baseline)
            yield return SerColumns.MelStatistics;
    }

    private void CheckColumns(DataViewSchema schema, string dataName)
    {
        foreach (var column in InputColumns())
        {
            var found = schema.GetColumnOrNull(column)
                ?? throw new ArgumentOutOfRangeException(nameof(schema), $"SerFusedNetworks: the {dataName} data has no '{column}' column{Hint(column)}.");
            var ok = column switch
            {
                SerColumns.Label => found.Type is KeyDataViewType,
                SerColumns.Path or SerColumns.Speaker => found.Type is TextDataViewType,
                _ => found.Type is VectorDataViewType { ItemType: NumberDataViewType n } && n == NumberDataViewType.Single,
            };
            if (!ok)
            {
                var expected = column switch { SerColumns.Label => "a key (make it with MapValueToKey)", SerColumns.Path or SerColumns.Speaker => "text", _ => "a vector of Single" };
                throw new ArgumentOutOfRangeException(nameof(schema), $"SerFusedNetworks: the {dataName} data's '{column}' column is {found.Type}; it must be {expected}.");
            }
        }
    }

    private static string Hint(string column) => column switch
    {
        SerColumns.Label => " (the key label: MapValueToKey(\"Label\"))",
        SerColumns.Waveform or SerColumns.Mel or SerColumns.Clips => " (append SerLoadAudio and SerFeatures before it)",
        SerColumns.MelStatistics => " (append SerMelStatistics before it, or turn Baseline off)",
        _ => "",
    };

    private static int KeyCount(DataViewSchema schema) => checked((int)((KeyDataViewType)schema[SerColumns.Label].Type).Count);

    // The validation set given to the catalog, or a speaker-disjoint hold-out of the input.
    private (IDataView Training, IDataView Validation) TrainingAndValidation(MLContext mlContext, IDataView input, IReadOnlyList<string> labels)
    {
        if (_validationSet is { } given)
        {
            CheckColumns(given.Schema, "validation");
            var validationLabels = SerNetworkTrainingData.LabelNames(given.Schema[SerColumns.Label], KeyCount(given.Schema));
            if (!validationLabels.SequenceEqual(labels, StringComparer.Ordinal))
                throw new ArgumentException("SerFusedNetworks: the validation set's label key has other classes than the training data's; key both with the same MapValueToKey.");
            var shared = Speakers(input).Intersect(Speakers(given), StringComparer.Ordinal).ToArray();
            if (shared.Length > 0)
                throw new ArgumentException($"SerFusedNetworks: the training and validation data share speaker(s): {string.Join(", ", shared.Take(5))}.");
            return (input, given);
        }

        var split = SpeakerSplit.HoldOut(Speakers(input), _options.ValidationFraction, _options.Seed);
        var held = split.ValidationSpeakers.ToHashSet(StringComparer.Ordinal);
        return (WhereSpeakers(mlContext, input, s => !held.Contains(s)), WhereSpeakers(mlContext, input, held.Contains));
    }

    private static IDataView WhereSpeakers(MLContext mlContext, IDataView data, Func<string, bool> keep)
        => mlContext.Data.FilterByCustomPredicate<SpeakerRow>(data, row => !keep(row.Speaker));

    private static IEnumerable<string> Speakers(IDataView data)
        => data.GetColumn<ReadOnlyMemory<char>>(SerColumns.Speaker).Select(s => s.ToString()).Distinct(StringComparer.Ordinal).ToArray();

    // Path, label name and speaker of every labelled row; only these columns are read, so no tensor is computed.
    private static List<ManifestDataView.Row> ReadRows(IDataView data, IReadOnlyList<string> labels)
    {
        var schema = data.Schema;
        using var cursor = data.GetRowCursor([schema[SerColumns.Path], schema[SerColumns.Label], schema[SerColumns.Speaker]]);
        var getPath = cursor.GetGetter<ReadOnlyMemory<char>>(schema[SerColumns.Path]);
        var getLabel = cursor.GetGetter<uint>(schema[SerColumns.Label]);
        var getSpeaker = cursor.GetGetter<ReadOnlyMemory<char>>(schema[SerColumns.Speaker]);
        var rows = new List<ManifestDataView.Row>();
        ReadOnlyMemory<char> path = default, speaker = default;
        uint key = 0;
        while (cursor.MoveNext())
        {
            getLabel(ref key);
            if (key == 0)
                continue;
            getPath(ref path);
            getSpeaker(ref speaker);
            rows.Add(new ManifestDataView.Row { Path = path.ToString(), Label = labels[(int)key - 1], Speaker = speaker.ToString() });
        }

        return rows;
    }

    // The networks train on the store's tensors but score the input's columns: both must be the same computation.
    private void CheckStoreMatchesInput(StoredCorpus corpus, IDataView training, IReadOnlyList<ManifestDataView.Row> rows)
    {
        var first = rows.FirstOrDefault(r => corpus.Has(r.Path));
        if (first is null)
            return;
        var columns = Ids.Select(n => (Network: n.Name, Column: training.Schema[n.SegmentColumnName])).ToArray();
        using var cursor = training.GetRowCursor(columns.Select(c => c.Column).Append(training.Schema[SerColumns.Path]));
        var getPath = cursor.GetGetter<ReadOnlyMemory<char>>(training.Schema[SerColumns.Path]);
        ReadOnlyMemory<char> path = default;
        VBuffer<float> values = default;
        while (cursor.MoveNext())
        {
            getPath(ref path);
            if (!path.Span.SequenceEqual(first.Path))
                continue;
            foreach (var (network, column) in columns)
            {
                cursor.GetGetter<VBuffer<float>>(column)(ref values);
                var stored = corpus.Entry(first.Path, SerNetworkId.Parse(network).Input).ReadTensor().Data;
                if (!values.DenseValues().SequenceEqual(stored))
                    throw new InvalidOperationException(
                        $"SerFusedNetworks: the '{column.Name}' column of {first.Path} ({values.Length} values) is not what the feature options of "
                        + $"SerFusedNetworks give ({stored.Length} values): make the tensor columns with the same FeatureOptions as Options.Features.");
            }

            return;
        }
    }

    private SerNetworkTransformer TrainNetwork(MLContext mlContext, string network, StoredCorpus corpus, IEnumerable<ManifestDataView.Row> training,
        IEnumerable<ManifestDataView.Row>? validation, IDataView schema, string? stage, int? epochs = null)
    {
        var options = _options.NetworkOptions(network);
        if (epochs is { } count)
        {
            options.Trainer.Epochs = count;
            options.ValidationFraction = 0;
        }

        var progress = _progress.Training is { } target ? new Progress(stage is null ? network : $"{network} {stage}", target) : null;
        var kind = SerNetworkId.Parse(network).Input;
        using var trainingSet = corpus.Segments(training, kind, "training");
        using var validationSet = validation is null ? null : corpus.Segments(validation, kind, "validation");
        return new SerNetworkEstimator(options, progress).Fit(trainingSet, validationSet, corpus.Labels, schema);
    }

    // Every network once more per speaker group of the training data, without that group; their outputs on it.
    private void AddOutOfFoldOutputs(MLContext mlContext, StoredCorpus corpus, IReadOnlyList<ManifestDataView.Row> training,
        IReadOnlyList<ManifestDataView.Row> validation, IDataView trainingView, IReadOnlyList<string> labels, UtteranceOutputs outputs)
    {
        var groups = SpeakerSplit.Deal(training.Select(r => r.Speaker), _options.FusionFolds);
        for (var f = 0; f < groups.Count; f++)
        {
            var foldNetworks = new List<SerNetworkTransformer>();
            try
            {
                var rest = training.Where(r => !groups[f].Contains(r.Speaker)).ToArray();
                foreach (var network in _options.Networks)
                    foldNetworks.Add(TrainNetwork(mlContext, network, corpus, rest, validation, trainingView, $"(fold {f + 1}/{groups.Count})"));
                var group = groups[f];
                outputs.Add(Score(foldNetworks, WhereSpeakers(mlContext, trainingView, group.Contains)), labels);
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

    // A network's features are in a basis of its own, so a classifier fitted on one network's features does not transfer
    // to another's (measured: after a refit the demo corpus's feature fusion fell to chance; docs/accuracy.md). So the
    // feature fusion learns from the features of the networks it is applied to: out of fold, the final networks' on the
    // validation speakers (the out-of-fold networks are others); after a refit the refit networks' for the fusion
    // data's utterances, which they trained on: no longer held out, but in their own basis. Score fusion's class
    // probabilities do transfer. Otherwise the feature fusion learns from the score fusion's data.
    private IDataView FeatureFusionOutputs(MLContext mlContext, IEnumerable<SerNetworkTransformer> networks, UtteranceOutputs heldOut,
        IDataView fusionData, IDataView training, IDataView validation, IReadOnlyList<string> labels)
    {
        if (!_options.RefitNetworks)
            return _options.FusionFitting == FusionFitting.OutOfFold ? heldOut.ToDataView(mlContext, labels) : fusionData;

        var outputs = new UtteranceOutputs();
        if (_options.FusionFitting == FusionFitting.OutOfFold)
            outputs.Add(Score(networks, training), labels);
        outputs.Add(Score(networks, validation), labels);
        return outputs.ToDataView(mlContext, labels);
    }

    private static IDataView Score(IEnumerable<SerNetworkTransformer> networks, IDataView data)
        => networks.Aggregate(data, (scored, network) => network.Transform(scored));

    // The shallow baseline on the log-Mel statistics of every utterance the networks learn from.
    private TransformerChain<ITransformer> FitBaseline(MLContext mlContext, IDataView training, IDataView validation, IReadOnlyList<string> labels)
    {
        var statistics = new UtteranceOutputs();
        statistics.Add(training, labels);
        statistics.Add(validation, labels);
        return mlContext.MulticlassClassification.Trainers.SerFeatureFusion(BaselineOptions()).Fit(statistics.ToDataView(mlContext, labels));
    }

    private SegmentStoreOptions StoreOptions() => new()
    {
        Directory = _options.CacheDirectory ?? SerPipelineOptions.DefaultCacheDirectory,
        Features = _options.Features,
        Threads = _options.FeatureThreads,
    };

    // The networks' feature fusion and the baseline are the same classifier on different columns.
    private FeatureFusionOptions FeatureFusionOptions() => ClassifierOptions(
        Ids.Select(n => n.FeaturesColumnName).ToArray(), _options.Networks.ToArray(),
        SerColumns.FeatureScore, SerColumns.FeaturePredictedLabel);

    private FeatureFusionOptions BaselineOptions() => ClassifierOptions(
        [SerColumns.MelStatistics], [SerColumns.MelStatistics], SerColumns.BaselineScore, SerColumns.BaselinePredictedLabel);

    private FeatureFusionOptions ClassifierOptions(string[] featureColumns, string[] names, string scoreColumn, string predictedLabelColumn)
    {
        var options = _options.FeatureFusion.Clone();
        options.FeatureColumnNames = featureColumns;
        options.NetworkNames = names;
        options.LabelColumnName = SerColumns.Label;
        options.ScoreColumnName = scoreColumn;
        options.PredictedLabelColumnName = predictedLabelColumn;
        options.GroupColumnName = SerColumns.Speaker;
        options.Seed = _options.Seed;
        return options;
    }

    private ScoreFusionOptions ScoreFusionOptions() => new()
    {
        ScoreColumnNames = Ids.Select(n => n.ScoreColumnName).ToArray(),
        NetworkNames = _options.Networks.ToArray(),
        LabelColumnName = SerColumns.Label,
        ScoreColumnName = SerColumns.Score,
        PredictedLabelColumnName = SerColumns.PredictedLabel,
        Mode = _options.ScoreFusionMode,
        Criterion = _options.ScoreFusionCriterion,
        Calibrate = _options.CalibrateScores,
        WeightShrinkage = _options.ScoreFusionWeightShrinkage,
        Device = _options.Device,
    };

    private void SaveOnnx(string network, SerNetworkTransformer fitted)
    {
        if (_options.OnnxDirectory is not { } folder)
            return;
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, SerNetworkId.Parse(network).OnnxFileName), fitted.GetOnnxModel());
    }

    private sealed class SpeakerRow
    {
        public string Speaker { get; set; } = "";
    }

    // Forwards the trainer's reports synchronously, tagged with the network (System.Progress would post them to a thread pool).
    private sealed class Progress(string network, IProgress<SerPipelineProgress> target) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => target.Report(new SerPipelineProgress(network, value));
    }
}
