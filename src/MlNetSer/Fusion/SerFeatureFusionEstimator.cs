using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Transforms;
using MlNetSer.Metrics;

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
    // Internal column names; the fused ONNX export (Export/FeatureFusionOnnx) binds ML.NET's exported classifier to them.
    internal const string FeaturesColumn = "MlNetSer_FeatureFusion_features";
    internal const string ConcatenatedColumn = "MlNetSer_FeatureFusion_concatenated";
    internal const string TrainerScore = "Score";
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
        var mlContext = new MLContext(_options.Seed);
        var (lambda, logLoss) = ChooseLambda(mlContext, input);
        var fitted = Chain(mlContext, kept, classNames, lambda, logLoss).Fit(input);
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
        return Chain(new MLContext(_options.Seed), kept, [], _options.SvmLambda, null).GetOutputSchema(inputSchema);
    }

    // Only when the outputs are renamed do the trainer's own columns have to be moved out of the way.
    private IEnumerable<string> TrainerOutputs()
        => _options.ScoreColumnName == TrainerScore && _options.PredictedLabelColumnName == TrainerPredictedLabel
            ? []
            : new[] { TrainerScore, TrainerPredictedLabel };

    private EstimatorChain<ITransformer> Chain(MLContext mlContext, string[] kept, IReadOnlyList<string> classNames, float lambda, double? logLoss)
    {
        var svm = _options.Classifier == FeatureFusionClassifier.LinearSvm;
        var info = new FeatureFusionInfo(_options.NetworkNames ?? _options.FeatureColumnNames, _options.FeatureColumnNames,
            _options.Classifier, _options.Normalization, classNames, _options.ScoreColumnName, _options.PredictedLabelColumnName,
            svm ? lambda : null, logLoss);
        var chain = new EstimatorChain<ITransformer>().AppendOptions(mlContext, ContractName, info);
        foreach (var name in kept)
            chain = chain.Append<ITransformer>(mlContext.Transforms.CopyColumns(SetAsidePrefix + name, name));

        chain = Classifier(mlContext, chain, lambda);

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

    // Concatenation, normalisation and the one-versus-all classifier, writing the trainer's own Score and PredictedLabel.
    private EstimatorChain<ITransformer> Classifier(MLContext mlContext, EstimatorChain<ITransformer> chain, float lambda)
    {
        chain = chain.Append<ITransformer>(mlContext.Transforms.Concatenate(ConcatenatedColumn, _options.FeatureColumnNames));
        chain = _options.Normalization switch
        {
            FeatureFusionNormalization.MeanVariance => chain.Append<ITransformer>(mlContext.Transforms.NormalizeMeanVariance(FeaturesColumn, ConcatenatedColumn, fixZero: false)),
            FeatureFusionNormalization.MinMax => chain.Append<ITransformer>(mlContext.Transforms.NormalizeMinMax(FeaturesColumn, ConcatenatedColumn, fixZero: false)),
            _ => chain.Append<ITransformer>(mlContext.Transforms.CopyColumns(FeaturesColumn, ConcatenatedColumn)),
        };
        return chain.Append<ITransformer>(Trainer(mlContext, lambda));
    }

    /// <summary>
    /// The SVM regularisation: the fixed one, or the candidate with the lowest cross-validated log-loss (see
    /// <see cref="FeatureFusionOptions.SvmLambdaCandidates"/>), with that log-loss.
    /// </summary>
    private (float Lambda, double? LogLoss) ChooseLambda(MLContext mlContext, IDataView input)
    {
        if (_options.Classifier != FeatureFusionClassifier.LinearSvm || _options.SvmLambdaCandidates is not { Length: > 0 } candidates)
            return (_options.SvmLambda, null);
        if (candidates.Length == 1)
            return (candidates[0], null);

        var folds = CrossValidationFolds.Split(mlContext, input, _options.GroupColumnName, _options.CrossValidationFolds, _options.Seed);
        if (folds.Count < 2)
            return (_options.SvmLambda, null);
        (float Lambda, double LogLoss, double Accuracy)? best = null;
        // Descending strength, so that on a tie the stronger regularisation (the simpler model) is kept.
        foreach (var lambda in candidates.Distinct().OrderDescending())
        {
            var (logLoss, accuracy) = CrossValidate(mlContext, folds, lambda);
            if (best is not { } b || logLoss < b.LogLoss || (logLoss == b.LogLoss && accuracy > b.Accuracy))
                best = (lambda, logLoss, accuracy);
        }

        return best is { } chosen && double.IsFinite(chosen.LogLoss) ? (chosen.Lambda, chosen.LogLoss) : (_options.SvmLambda, null);
    }

    // Mean log-loss and accuracy over every held-out row of the folds; a fold the classifier cannot be fitted on
    // (e.g. one class only) counts as infinitely bad, so no candidate wins by skipping it.
    private (double LogLoss, double Accuracy) CrossValidate(MLContext mlContext, IReadOnlyList<(IDataView Training, IDataView Test)> folds, float lambda)
    {
        double logLoss = 0, correct = 0, rows = 0;
        foreach (var (training, test) in folds)
        {
            try
            {
                var model = Classifier(mlContext, new EstimatorChain<ITransformer>(), lambda).Fit(training);
                var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(test), _options.LabelColumnName, TrainerScore, TrainerPredictedLabel);
                var count = metrics.ConfusionMatrix.Counts.Sum(row => row.Sum());
                logLoss += metrics.LogLoss * count;
                correct += metrics.MicroAccuracy * count;
                rows += count;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                return (double.PositiveInfinity, 0);
            }
        }

        return rows == 0 ? (double.PositiveInfinity, 0) : (logLoss / rows, correct / rows);
    }

    private IEstimator<ITransformer> Trainer(MLContext mlContext, float lambda)
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
                Lambda = lambda,
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
