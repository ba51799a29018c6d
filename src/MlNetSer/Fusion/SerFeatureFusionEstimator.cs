using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Evaluation;
using MlNetSer.Transforms;

namespace MlNetSer.Fusion;

/// <summary>
/// Feature-level fusion (Zhang et al. 2021, §2.4): the networks' utterance feature columns are
/// concatenated (5 376-D for 1D + AlexNet + 3D), normalised (<see cref="FeatureFusionNormalization"/>)
/// and classified by <c>OneVersusAll(LinearSvm)</c> (the paper's linear SVM) or <c>OneVersusAll(FastTree)</c>.
/// Outputs a score vector and a key-typed predicted label under configurable names, so that it can
/// share a pipeline with <see cref="SerScoreFusionEstimator"/>. The networks, classifier and classes
/// are recorded in the model (a <c>MapValue</c> carrying JSON) for <see cref="FusionInspector"/>.
/// </summary>
/// <remarks>
/// ML.NET's trainers always write <c>Score</c> and <c>PredictedLabel</c>; when other output names are
/// asked for, any earlier <c>Score</c>/<c>PredictedLabel</c> columns are set aside before the trainer
/// and put back after it, so an earlier fusion's outputs survive.
/// </remarks>
public sealed class SerFeatureFusionEstimator : IEstimator<TransformerChain<ITransformer>>
{
    internal const string ContractName = "MlNetSer.FeatureFusion.v1";
    private const string TransformName = "SerFeatureFusion";
    private const string FeaturesColumn = "MlNetSer_FeatureFusion_features";
    private const string ConcatenatedColumn = "MlNetSer_FeatureFusion_concatenated";
    private const string TrainerScore = "Score";
    private const string TrainerPredictedLabel = "PredictedLabel";
    private const string SetAsidePrefix = "MlNetSer_FeatureFusion_kept_";

    private readonly FeatureFusionOptions _options;

    internal SerFeatureFusionEstimator(FeatureFusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
    }

    /// <summary>A copy of the options in use.</summary>
    public FeatureFusionOptions Options => _options.Clone();

    /// <summary>Trains the normaliser and the classifier on <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or mistyped; the message names it.</exception>
    public TransformerChain<ITransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckSchema(input.Schema);
        var kept = TrainerOutputs().Where(name => input.Schema.GetColumnOrNull(name) is not null).ToArray();
        var label = input.Schema[_options.LabelColumnName].Type;
        var classNames = label is KeyDataViewType { RawType: var raw } && raw == typeof(uint)
            ? MulticlassReport.ClassNamesOf(input.Schema, _options.LabelColumnName)
            : [];
        var fitted = Chain(new MLContext(_options.Seed), kept, classNames).Fit(input);
        return new TransformerChain<ITransformer>(fitted.ToArray());
    }

    /// <summary>The input columns plus the score and predicted label columns.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or mistyped; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var inputs = new InputColumns(inputSchema);
        foreach (var column in _options.FeatureColumnNames)
            inputs.RequireSingleVector(TransformName, column, "a network's utterance features");
        var kept = TrainerOutputs().Where(name => inputSchema.Any(c => c.Name == name)).ToArray();
        return Chain(new MLContext(_options.Seed), kept, []).GetOutputSchema(inputSchema);
    }

    // Only when the outputs are renamed do the trainer's own columns have to be moved out of the way.
    private IEnumerable<string> TrainerOutputs()
        => _options.ScoreColumnName == TrainerScore && _options.PredictedLabelColumnName == TrainerPredictedLabel
            ? []
            : new[] { TrainerScore, TrainerPredictedLabel };

    private EstimatorChain<ITransformer> Chain(MLContext mlContext, string[] kept, IReadOnlyList<string> classNames)
    {
        var info = new FeatureFusionInfo(_options.NetworkNames ?? _options.FeatureColumnNames, _options.FeatureColumnNames,
            _options.Classifier, _options.Normalization, classNames, _options.ScoreColumnName, _options.PredictedLabelColumnName);
        var chain = new EstimatorChain<ITransformer>().AppendOptions(mlContext, ContractName, info);
        foreach (var name in kept)
            chain = chain.Append<ITransformer>(mlContext.Transforms.CopyColumns(SetAsidePrefix + name, name));

        chain = chain.Append<ITransformer>(mlContext.Transforms.Concatenate(ConcatenatedColumn, _options.FeatureColumnNames));
        chain = _options.Normalization switch
        {
            FeatureFusionNormalization.MeanVariance => chain.Append<ITransformer>(mlContext.Transforms.NormalizeMeanVariance(FeaturesColumn, ConcatenatedColumn, fixZero: false)),
            FeatureFusionNormalization.MinMax => chain.Append<ITransformer>(mlContext.Transforms.NormalizeMinMax(FeaturesColumn, ConcatenatedColumn, fixZero: false)),
            _ => chain.Append<ITransformer>(mlContext.Transforms.CopyColumns(FeaturesColumn, ConcatenatedColumn)),
        };
        chain = chain.Append<ITransformer>(Trainer(mlContext));

        var temporaries = new List<string> { CarriedOptions.KeyColumn, CarriedOptions.OptionsColumn, ConcatenatedColumn, FeaturesColumn };
        if (TrainerOutputs().Any())
        {
            chain = chain
                .Append<ITransformer>(mlContext.Transforms.CopyColumns(_options.ScoreColumnName, TrainerScore))
                .Append<ITransformer>(mlContext.Transforms.CopyColumns(_options.PredictedLabelColumnName, TrainerPredictedLabel));
            temporaries.AddRange(TrainerOutputs().Where(name => !kept.Contains(name)));
            foreach (var name in kept)
            {
                chain = chain.Append<ITransformer>(mlContext.Transforms.CopyColumns(name, SetAsidePrefix + name));
                temporaries.Add(SetAsidePrefix + name);
            }
        }

        return chain.Append<ITransformer>(mlContext.Transforms.DropColumns(temporaries.ToArray()));
    }

    private IEstimator<ITransformer> Trainer(MLContext mlContext)
    {
        var multiclass = mlContext.MulticlassClassification.Trainers;
        var label = _options.LabelColumnName;
        return _options.Classifier == FeatureFusionClassifier.FastTree
            ? multiclass.OneVersusAll(mlContext.BinaryClassification.Trainers.FastTree(
                featureColumnName: FeaturesColumn, numberOfTrees: _options.FastTreeTrees), labelColumnName: label)
            : multiclass.OneVersusAll(mlContext.BinaryClassification.Trainers.LinearSvm(new Microsoft.ML.Trainers.LinearSvmTrainer.Options
            {
                FeatureColumnName = FeaturesColumn,
                NumberOfIterations = _options.SvmIterations,
                Lambda = _options.SvmLambda,
            }), labelColumnName: label);
    }

    private void CheckSchema(DataViewSchema schema)
    {
        var label = schema.GetColumnOrNull(_options.LabelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"{TransformName}: label column '{_options.LabelColumnName}' not found.");
        if (label.Type is not KeyDataViewType)
            throw new ArgumentOutOfRangeException(nameof(schema), $"{TransformName}: label column '{_options.LabelColumnName}' is {label.Type}; it must be a key (use MapValueToKey).");
        foreach (var name in _options.FeatureColumnNames)
        {
            var column = schema.GetColumnOrNull(name)
                ?? throw new ArgumentOutOfRangeException(nameof(schema), $"{TransformName}: feature column '{name}' not found.");
            if (column.Type is not VectorDataViewType { ItemType: var item, Size: > 0 } || item != NumberDataViewType.Single)
                throw new ArgumentOutOfRangeException(nameof(schema),
                    $"{TransformName}: feature column '{name}' is {column.Type}; it must be a fixed-size vector of Single (trainers reject variable-length vectors).");
        }
    }
}
