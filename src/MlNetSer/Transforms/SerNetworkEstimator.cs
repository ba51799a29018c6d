using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Data;
using MlNetSer.Models;
using MlNetSer.Onnx;
using MlNetSer.Platform;
using MlNetSer.Training;

namespace MlNetSer.Transforms;

/// <summary>
/// Trains one of the paper's networks (1D, 2D or 3D CNN) on a segments column and a key label column, and
/// fits to a <see cref="SerNetworkTransformer"/> that scores the network with ONNX Runtime
/// (<c>ApplyOnnxModel</c>) and adds the utterance scores (mean segment softmax, size C) and utterance
/// features (mean last hidden layer, size F) as fixed-size vectors of Single.
/// </summary>
/// <remarks>
/// <para>
/// <c>Fit</c> reads the segments, labels and speakers in one pass, holds out
/// <see cref="SerNetworkOptions.ValidationFraction"/> of the speakers for early stopping, trains with
/// <see cref="SegmentTrainer"/> (the best epoch's weights are kept), exports the network with
/// <see cref="OnnxModelExporter"/> (labels in key order as the model's <c>labels</c> metadata) and builds the
/// scoring chain from built-in transformers, so that <c>mlContext.Model.Save</c> stores the ONNX bytes
/// and <c>Model.Load</c> needs no registration. Each row's segment count N is read from its length
/// (a <c>shapeDictionary</c> with 0 for N).
/// </para>
/// <para>
/// The scoring chain passes the segments to ONNX Runtime under the ONNX input name <c>input</c> and drops
/// that column (and <c>utt_probs</c>, <c>utt_features</c>) afterwards, so input columns with these names
/// are hidden by it. A row without segments (e.g. a file that failed to decode in error-column mode)
/// gets all-zero scores and features, which do not sum to 1: check for it where such rows can occur.
/// </para>
/// </remarks>
public sealed class SerNetworkEstimator : IEstimator<SerNetworkTransformer>
{
    internal const string ContractName = "MlNetSer.Network.v1";

    private readonly SerNetworkOptions _options;
    private readonly IProgress<TrainingProgress>? _progress;

    internal SerNetworkEstimator(SerNetworkOptions options, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _progress = progress;
    }

    /// <summary>The options (the object given to the catalog; changing it afterwards changes later fits).</summary>
    public SerNetworkOptions Options => _options;

    /// <summary>
    /// Trains the network on <paramref name="input"/>, holding out <see cref="SerNetworkOptions.ValidationFraction"/>
    /// of its speakers for early stopping, and returns the scoring transformer.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or has the wrong type (the label must be a key); the message names it.</exception>
    /// <exception cref="InvalidOperationException">A row's segments do not fit the network, or no row has a label and segments.</exception>
    public SerNetworkTransformer Fit(IDataView input) => Fit(input, validationSet: null);

    /// <summary>
    /// Trains the network on all of <paramref name="input"/>, stopping early on <paramref name="validationSet"/> (as
    /// ML.NET's own TorchSharp trainers take one), and returns the scoring transformer. Without a validation set it
    /// holds out <see cref="SerNetworkOptions.ValidationFraction"/> of the input's speakers instead.
    /// </summary>
    /// <param name="input">The training data.</param>
    /// <param name="validationSet">Data of other speakers with the same columns, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or has the wrong type (the label must be a key); the message names it.</exception>
    /// <exception cref="InvalidOperationException">A row's segments do not fit the network, or no row has a label and segments.</exception>
    /// <exception cref="ArgumentException">The two sets share a speaker.</exception>
    public SerNetworkTransformer Fit(IDataView input, IDataView? validationSet)
    {
        ArgumentNullException.ThrowIfNull(input);
        _options.Validate();
        var device = ResolveDevice();
        var classes = SerNetworkTrainingData.CheckColumns(input.Schema, _options);
        var labels = SerNetworkTrainingData.LabelNames(input.Schema[_options.LabelColumnName], classes);
        var segmentShape = SegmentShapeOf(classes);
        var utterances = SerNetworkTrainingData.Read(input, _options, segmentShape);

        using var all = SegmentDataset.Create(utterances);
        using var given = validationSet is null ? null : ValidationSet(validationSet, classes, segmentShape);
        return Fit(all, given, labels, input, segmentShape, device);
    }

    /// <summary>
    /// Trains the network on segment sets made beforehand — e.g. read in place from a <see cref="Features.Store.SegmentStore"/>
    /// with <see cref="SegmentDataset.FromStore"/>, so that no tensor of the corpus is held in memory — and returns the
    /// scoring transformer for data with the columns of <paramref name="input"/>. Stops early on
    /// <paramref name="validation"/>, or without it holds out <see cref="SerNetworkOptions.ValidationFraction"/> of the
    /// training speakers. The sets are not disposed.
    /// </summary>
    /// <param name="training">The training segments; labels are indices into <paramref name="labels"/>.</param>
    /// <param name="validation">Segments of other speakers, or null.</param>
    /// <param name="labels">The class names in class order (the label key's values).</param>
    /// <param name="input">Data with the segment column the transformer will score (only its schema is read).</param>
    /// <exception cref="ArgumentException">Fewer than two labels, a segment shape the network does not take, or speakers shared by the two sets.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The segment column of <paramref name="input"/> is missing or not a vector of Single.</exception>
    public SerNetworkTransformer Fit(SegmentDataset training, SegmentDataset? validation, IReadOnlyList<string> labels, IDataView input)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(input);
        _options.Validate();
        if (labels.Count < 2)
            throw new ArgumentException($"SerNetwork: a classifier needs at least 2 labels (got {labels.Count}).", nameof(labels));
        SerNetworkTrainingData.CheckSegmentColumn(input.Schema, _options);
        var device = ResolveDevice();
        return Fit(training, validation, labels, input, SegmentShapeOf(labels.Count), device);
    }

    private SerNetworkTransformer Fit(SegmentDataset training, SegmentDataset? validation, IReadOnlyList<string> labels, IDataView input, IReadOnlyList<long> segmentShape, SerDevice device)
    {
        var classes = labels.Count;
        var (trainingSet, validationSet) = validation is null ? Split(training) : (training, validation);
        var result = new SegmentTrainer(_options.Trainer.OnDevice(device)).Train(() => CreateNetwork(classes), trainingSet, validationSet, _progress);
        using var network = result.Network;
        var onnx = OnnxModelExporter.ExportToBytes(network, new OnnxExportOptions { Labels = labels.ToArray(), FeatureOptionsJson = _options.Features.ToJson() });
        var info = new SerNetworkInfo
        {
            Name = _options.Name ?? _options.ScoreColumnName,
            Kind = _options.Network,
            Network = network.Name,
            Labels = labels.ToArray(),
            SegmentShape = segmentShape.ToArray(),
            FeatureSize = network.FeatureSize,
            SegmentColumnName = _options.SegmentColumnName,
            ScoreColumnName = _options.ScoreColumnName,
            FeaturesColumnName = _options.FeaturesColumnName,
            Initialization = InitializationOf(),
            InputNormalization = network.Normalization is null ? null : _options.Trainer.InputNormalization,
            Aggregation = _options.Aggregation,
        };
        var chain = ScoringChain(new MLContext(), info, onnx, device).Fit(input);
        var summary = result with { Network = null! };
        return new SerNetworkTransformer(new TransformerChain<ITransformer>(chain.ToArray()), info, onnx, summary);
    }

    /// <summary>The schema after this estimator: the input columns plus the scores and features columns (fixed-size vectors of Single).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or has the wrong type; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SerNetworkTrainingData.CheckColumns(inputSchema, _options);

        // SchemaShape cannot be built with public API; an input-less mapping declares the two outputs.
        // Their sizes (C, F) are only known after training; the shape records just that they are fixed-size vectors.
        var definition = SchemaDefinition.Create(typeof(OutputShapeRow));
        // The indexer looks columns up by their current name, so take both before renaming either.
        var score = definition[nameof(OutputShapeRow.Score)];
        var features = definition[nameof(OutputShapeRow.Features)];
        (score.ColumnName, score.ColumnType) = (_options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, 2));
        (features.ColumnName, features.ColumnType) = (_options.FeaturesColumnName, new VectorDataViewType(NumberDataViewType.Single, 2));
        return new MLContext().Transforms.CustomMapping<NoInputRow, OutputShapeRow>((_, _) => { }, contractName: null, outputSchemaDefinition: definition)
            .GetOutputSchema(inputSchema);
    }

    /// <summary>
    /// The scoring chain: network description (for <see cref="SerNetworkInspector"/>), segments under the ONNX
    /// input name, <c>ApplyOnnxModel</c> with a 0 (per-row) segment dimension, outputs under the user's names,
    /// temporaries dropped.
    /// </summary>
    private static EstimatorChain<ITransformer> ScoringChain(MLContext mlContext, SerNetworkInfo info, byte[] onnx, SerDevice device)
    {
        var classes = info.Labels.Length;
        var shapes = new Dictionary<string, int[]>
        {
            [OnnxContract.Input] = [0, .. info.SegmentShape.Select(d => (int)d)],
            [OnnxContract.SegmentProbabilities] = [0, classes],
            [OnnxContract.SegmentFeatures] = [0, info.FeatureSize],
            [OnnxContract.UtteranceProbabilities] = [1, classes],
            [OnnxContract.UtteranceFeatures] = [1, info.FeatureSize],
        };
        // The mean is the network's own utt_probs (its ReduceMean head); another aggregation reads seg_probs.
        var mean = info.Aggregation == SegmentAggregation.Mean;
        var probabilities = mean ? OnnxContract.UtteranceProbabilities : OnnxContract.SegmentProbabilities;
        var chain = new EstimatorChain<ITransformer>()
            .AppendOptions(mlContext, ContractName, info)
            .Append<ITransformer>(mlContext.Transforms.CopyColumns(OnnxContract.Input, info.SegmentColumnName))
            .Append<ITransformer>(mlContext.Transforms.ApplyOnnxGraph(
                [probabilities, OnnxContract.UtteranceFeatures], [OnnxContract.Input], onnx, shapes, device));
        chain = mean
            ? chain.Append<ITransformer>(mlContext.Transforms.CopyColumns(info.ScoreColumnName, probabilities))
            : chain.Append<ITransformer>(new SerAggregateSegmentsEstimator(info.ScoreColumnName, probabilities, classes, info.Aggregation, device));
        return chain
            .Append<ITransformer>(mlContext.Transforms.CopyColumns(info.FeaturesColumnName, OnnxContract.UtteranceFeatures))
            .Append<ITransformer>(mlContext.Transforms.DropColumns(
                CarriedOptions.KeyColumn, CarriedOptions.OptionsColumn,
                OnnxContract.Input, probabilities, OnnxContract.UtteranceFeatures));
    }

    // Resolved once per fit, before anything else touches TorchSharp (its CUDA backend is best loaded first), so that the
    // network trains and scores on the same device and an unusable CUDA device fails before any work.
    private SerDevice ResolveDevice() => _options.Device.Resolve();

    private SegmentDataset ValidationSet(IDataView validationSet, int classes, IReadOnlyList<long> segmentShape)
    {
        if (SerNetworkTrainingData.CheckColumns(validationSet.Schema, _options) != classes)
            throw new ArgumentOutOfRangeException(nameof(validationSet), $"SerNetwork: the validation set's label column '{_options.LabelColumnName}' has other classes than the training set's.");
        return SegmentDataset.Create(SerNetworkTrainingData.Read(validationSet, _options, segmentShape));
    }

    private string InitializationOf() => _options.InitialWeights is { } path
        ? $"state dict {Path.GetFileName(path)}"
        : _options.Network == NetworkKind.Resnet18 && _options.PretrainedResnet18 ? "imagenet" : "random";

    private (SegmentDataset Training, SegmentDataset? Validation) Split(SegmentDataset all)
    {
        if (_options.ValidationFraction == 0 || all.Speakers.Count < 2)
            return (all, null);
        return all.Split(SpeakerSplit.HoldOut(all.Speakers, _options.ValidationFraction, _options.Trainer.Seed));
    }

    private IReadOnlyList<long> SegmentShapeOf(int classes)
    {
        // The network is the single source of truth for its input shape; building one is cheap next to training it.
        using var network = CreateNetwork(classes, pretrained: false);
        return network.InputShape.ToArray();
    }

    private SerNetwork CreateNetwork(int classes, bool pretrained = true)
    {
        if (pretrained && _options.InitialWeights is { } path)
            return PretrainedWeights.Initializing(() => CreateNetwork(classes, pretrained: false), path)();

        switch (_options.Network)
        {
            case NetworkKind.Cnn1d:
                var cnn1d = CarriedOptions.Copy(_options.Cnn1d);
                cnn1d.Classes = classes;
                return new Cnn1d(cnn1d);
            case NetworkKind.Resnet18:
                var resnet = new Resnet18(Backbone2dOptions(classes));
                if (pretrained && _options.PretrainedResnet18)
                    CntkResnet18Weights.Load(resnet);
                return resnet;
            case var kind when Backbone2d.Is(kind):
                return Backbone2d.Create(kind, Backbone2dOptions(classes));
            case NetworkKind.Cnn3d:
                var cnn3d = CarriedOptions.Copy(_options.Cnn3d);
                cnn3d.Classes = classes;
                return new Cnn3d(cnn3d);
            default:
                throw new ArgumentOutOfRangeException(nameof(SerNetworkOptions.Network), _options.Network, "Unknown network.");
        }
    }

    private Backbone2dOptions Backbone2dOptions(int classes)
    {
        var options = CarriedOptions.Copy(_options.Backbone2d);
        options.Classes = classes;
        return options;
    }

    private sealed class NoInputRow
    {
    }

    private sealed class OutputShapeRow
    {
        public float[] Score { get; set; } = [];

        public float[] Features { get; set; } = [];
    }
}
