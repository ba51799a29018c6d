using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Platform;
using MlNetSer.Transforms;
using MlNetSer.Metrics;

namespace MlNetSer.Fusion;

/// <summary>
/// Score-level fusion (Zhang et al. 2021, Eq. 1): <c>Score</c> = Σᵢ λᵢ sᵢ over the networks' utterance
/// score columns, each first temperature-scaled (<see cref="ScoreCalibration"/>, unless
/// <see cref="ScoreFusionOptions.Calibrate"/> is off), and <c>PredictedLabel</c> = its argmax as a key with the label's classes, so that
/// <c>MulticlassClassification.Evaluate(data, label, "Score", "PredictedLabel")</c> works, also after
/// <c>Model.Save</c>/<c>Model.Load</c>. <c>Fit</c> searches λ with <see cref="ScoreFusionSearch"/> on the
/// data it is given (give it speaker-disjoint validation data; see <see cref="ScoreFusionMode"/>).
/// </summary>
/// <remarks>
/// The fitted chain holds only built-in transformers and stateless mappings (all that a third party can save in a model zip): the
/// fusion record as JSON in a <c>MapValue</c> (read back by <see cref="FusionInspector"/>), the
/// weights inside a small ONNX graph applied by <c>ApplyOnnxModel</c> (fixed shapes keep <c>Score</c> a
/// fixed-size vector after loading), a <c>CustomMapping</c> for the argmax index, and
/// <c>MapValue</c> + <c>MapValueToKey</c> over the class names in label order for the key.
/// </remarks>
public sealed class SerScoreFusionEstimator : IEstimator<ScoreFusionTransformer>
{
    internal const string ContractName = "MlNetSer.ScoreFusion.v1";
    private const string TransformName = "SerScoreFusion";
    private const string ClassNameColumn = "MlNetSer_ScoreFusion_class";

    private readonly ScoreFusionOptions _options;

    internal SerScoreFusionEstimator(ScoreFusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = CarriedOptions.Copy(options);
    }

    /// <summary>A copy of the options in use.</summary>
    public ScoreFusionOptions Options => CarriedOptions.Copy(_options);

    /// <summary>
    /// Reads the score and label columns, chooses the weights (search, or the fixed ones) and returns the fusion.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or mistyped; the message names it.</exception>
    /// <exception cref="InvalidOperationException">The data has no labelled row.</exception>
    public ScoreFusionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var device = _options.Device.Resolve();
        var classNames = CheckSchema(input.Schema);
        var (scores, labels) = ReadColumns(input);
        if (labels.Count == 0)
            throw new InvalidOperationException($"{TransformName}: the data has no row with a label in '{_options.LabelColumnName}' to fit the weights on.");

        // One temperature per network, fitted on the same data as λ, then λ searched on the scaled scores.
        var temperatures = _options.Calibrate ? scores.Select(s => ScoreCalibration.FitTemperature(s, labels)).ToArray() : null;
        if (temperatures is not null)
            scores = scores.Select((s, n) => ScoreCalibration.Apply(s, temperatures[n])).ToArray();
        ScoreFusionSearchResult? search = null;
        FusionGridPoint chosen;
        if (_options.Weights is { } fixedWeights)
        {
            chosen = ScoreFusionSearch.Score(scores, labels, classNames, fixedWeights);
        }
        else
        {
            search = ScoreFusionSearch.Search(scores, labels, classNames, _options.Step, _options.Criterion, _options.WeightShrinkage);
            chosen = search.Best;
        }

        var info = new ScoreFusionInfo(
            _options.NetworkNames ?? _options.ScoreColumnNames,
            _options.ScoreColumnNames,
            chosen.Weights,
            _options.Weights is null ? _options.Mode : ScoreFusionMode.Fixed,
            classNames,
            chosen.Accuracy,
            chosen.Uar,
            labels.Count,
            _options.Criterion,
            chosen.LogLoss,
            temperatures,
            // Only a log-loss search uses the prior: the paper's accuracy rule and fixed weights have none.
            _options.Weights is null && _options.Criterion == ScoreFusionCriterion.LogLoss ? _options.WeightShrinkage : 0);
        var mlContext = new MLContext();
        var fitted = Chain(mlContext, info, device).Fit(input);
        return new ScoreFusionTransformer(new TransformerChain<ITransformer>(fitted.ToArray()), info, search);
    }

    /// <summary>The input columns plus the fused score (Single vector) and the predicted label (key).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or mistyped; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var inputs = new InputColumns(inputSchema);
        foreach (var column in _options.ScoreColumnNames)
            inputs.RequireSingleVector(TransformName, column, "a network's utterance scores");
        if (!inputSchema.Any(c => c.Name == _options.LabelColumnName && c.IsKey))
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"{TransformName}: label column '{_options.LabelColumnName}' not found or not a key (use MapValueToKey).");

        // A SchemaShape carries no vector sizes or key counts: a one-class stand-in gives the same shape.
        var standIn = new ScoreFusionInfo(_options.ScoreColumnNames, _options.ScoreColumnNames,
            _options.ScoreColumnNames.Select(_ => 1.0 / _options.ScoreColumnNames.Length).ToArray(),
            _options.Mode, new[] { "class" }, 0, 0, 0);
        // The schema does not depend on the device; the CPU spares a CUDA check.
        return Chain(new MLContext(), standIn, SerDevice.Cpu).GetOutputSchema(inputSchema);
    }

    private EstimatorChain<ITransformer> Chain(MLContext mlContext, ScoreFusionInfo info, SerDevice device)
    {
        var inputs = Enumerable.Range(0, info.Weights.Count).Select(ScoreFusionOnnx.InputName).ToArray();
        var chain = new EstimatorChain<ITransformer>().AppendOptions(mlContext, ContractName, info);
        for (var i = 0; i < inputs.Length; i++)
            chain = chain.Append<ITransformer>(mlContext.Transforms.CopyColumns(inputs[i], _options.ScoreColumnNames[i]));

        var onnx = ScoreFusionOnnx.Build(info.Weights, info.Temperatures, info.ClassNames.Count);
        var classOfIndex = info.ClassNames.Select((name, i) => new KeyValuePair<float, string>(i, name)).ToArray();
        var keyData = mlContext.Data.LoadFromEnumerable(info.ClassNames.Select(name => new ClassNameRow { Name = name }));
        return chain
            .Append<ITransformer>(mlContext.Transforms.ApplyOnnxGraph([ScoreFusionOnnx.OutputName], inputs, onnx, shapes: null, device))
            .Append<ITransformer>(mlContext.Transforms.CustomMapping<ArgMaxMapping.Input, ArgMaxMapping.Output>(ArgMaxMapping.Map, ArgMaxMapping.ContractName))
            .Append<ITransformer>(mlContext.Transforms.Conversion.MapValue(ClassNameColumn, classOfIndex, ArgMaxMapping.IndexColumn))
            // Keys in order of occurrence in the label's class list, so key i + 1 is score slot i, as for the label.
            .Append<ITransformer>(mlContext.Transforms.Conversion.MapValueToKey(_options.PredictedLabelColumnName, ClassNameColumn,
                keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence, keyData: keyData))
            .Append<ITransformer>(mlContext.Transforms.CopyColumns(_options.ScoreColumnName, ScoreFusionOnnx.OutputName))
            .Append<ITransformer>(mlContext.Transforms.DropColumns(
            [
                CarriedOptions.KeyColumn, CarriedOptions.OptionsColumn, .. inputs, ScoreFusionOnnx.OutputName,
                ArgMaxMapping.IndexColumn, ClassNameColumn,
            ]));
    }

    private IReadOnlyList<string> CheckSchema(DataViewSchema schema)
    {
        var label = schema.GetColumnOrNull(_options.LabelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"{TransformName}: label column '{_options.LabelColumnName}' not found.");
        if (label.Type is not KeyDataViewType { RawType: var raw, Count: > 0 and <= 10_000 } key || raw != typeof(uint))
            throw new ArgumentOutOfRangeException(nameof(schema), $"{TransformName}: label column '{_options.LabelColumnName}' is {label.Type}; it must be a UInt32 key (use MapValueToKey).");
        var classes = (int)key.Count;
        foreach (var name in _options.ScoreColumnNames)
        {
            var column = schema.GetColumnOrNull(name)
                ?? throw new ArgumentOutOfRangeException(nameof(schema), $"{TransformName}: score column '{name}' not found.");
            if (column.Type is not VectorDataViewType { ItemType: var item, Size: var size } || item != NumberDataViewType.Single || size != classes)
                throw new ArgumentOutOfRangeException(nameof(schema),
                    $"{TransformName}: score column '{name}' is {column.Type}; it must be a fixed-size vector of {classes} Single (one per class of '{_options.LabelColumnName}').");
        }

        return MulticlassReport.ClassNamesOf(schema, _options.LabelColumnName);
    }

    private (IReadOnlyList<float[][]> Scores, List<int> Labels) ReadColumns(IDataView input)
    {
        var columns = _options.ScoreColumnNames.Select(n => input.Schema[n]).ToArray();
        var label = input.Schema[_options.LabelColumnName];
        var scores = columns.Select(_ => new List<float[]>()).ToArray();
        var labels = new List<int>();
        using var cursor = input.GetRowCursor(columns.Append(label));
        var getters = columns.Select(c => cursor.GetGetter<VBuffer<float>>(c)).ToArray();
        var getLabel = cursor.GetGetter<uint>(label);
        VBuffer<float> buffer = default;
        uint key = 0;
        while (cursor.MoveNext())
        {
            getLabel(ref key);
            if (key == 0)
                continue; // A row without a label cannot vote on the weights.
            labels.Add((int)key - 1);
            for (var n = 0; n < getters.Length; n++)
            {
                getters[n](ref buffer);
                scores[n].Add(buffer.DenseValues().ToArray());
            }
        }

        return (scores.Select(s => s.ToArray()).ToArray(), labels);
    }

    private sealed class ClassNameRow
    {
        public string Name { get; set; } = "";
    }
}
