using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using MlNetSer.Fusion;
using MlNetSer.Transforms;
using Onnx;

namespace MlNetSer.Export;

/// <summary>
/// The feature fusion's normaliser and one-versus-all classifier as ONNX, written by ML.NET's own converter
/// (Microsoft.ML.OnnxConverter) from the fitted transformers in the model, so the fused graph computes exactly what the
/// ML.NET model does: per class the linear SVM score, its Platt probability, then the probabilities normalised to sum 1.
/// </summary>
internal sealed class FeatureFusionOnnx
{
    private FeatureFusionOnnx(ModelProto model, string input, string score, int inputSize)
    {
        Model = model;
        InputName = input;
        ScoreName = score;
        InputSize = inputSize;
    }

    /// <summary>ML.NET's ONNX model of the normaliser and classifier.</summary>
    public ModelProto Model { get; }

    /// <summary>Its input: the concatenated utterance features <c>[1, ΣF]</c>.</summary>
    public string InputName { get; }

    /// <summary>Its class scores output.</summary>
    public string ScoreName { get; }

    /// <summary>The concatenated features' width.</summary>
    public int InputSize { get; }

    /// <summary>Converts the feature fusion <paramref name="fusion"/> of <paramref name="model"/>.</summary>
    /// <param name="mlContext">The context to convert with.</param>
    /// <param name="model">A loaded or fitted fused model.</param>
    /// <param name="fusion">Its feature fusion (not the baseline).</param>
    /// <param name="inputSize">The concatenated features' width.</param>
    /// <exception cref="NotSupportedException">The fusion's transformers are not the normaliser and classifier it is made of.</exception>
    public static FeatureFusionOnnx Convert(MLContext mlContext, ITransformer model, FeatureFusionInfo fusion, int inputSize)
    {
        var following = SerModelInspector.FindTransformsWithFollowing(model)
            .Where(t => t.Contract == SerFeatureFusionEstimator.ContractName)
            .Select(t => (Info: CarriedOptions.Parse<FeatureFusionInfo>(t.OptionsJson, t.Contract), t.Following))
            .FirstOrDefault(t => t.Info.ScoreColumnName == fusion.ScoreColumnName).Following
            ?? throw new NotSupportedException($"The model has no feature fusion writing '{fusion.ScoreColumnName}'.");
        var classifier = following.OfType<MulticlassPredictionTransformer<OneVersusAllModelParameters>>().FirstOrDefault()
            ?? throw new NotSupportedException("The feature fusion holds no one-versus-all classifier.");
        var normalizer = following.TakeWhile(t => !ReferenceEquals(t, classifier)).OfType<NormalizingTransformer>().LastOrDefault();
        var input = normalizer is null ? classifier.FeatureColumnName : SerFeatureFusionEstimator.ConcatenatedColumn;

        // An empty view of the concatenated features is all the converter needs to bind the transformers.
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[0].ColumnName = input;
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, inputSize);
        var data = mlContext.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), schema);
        ITransformer chain = normalizer is null
            ? new TransformerChain<ITransformer>(classifier)
            : new TransformerChain<ITransformer>(normalizer, classifier);
        using var stream = new MemoryStream();
        mlContext.Model.ConvertToOnnx(chain, data, stream);
        var onnx = ModelProto.Parser.ParseFrom(stream.ToArray());

        var inputName = onnx.Graph.Input.Select(i => i.Name).FirstOrDefault(n => n == input)
            ?? throw new NotSupportedException($"ML.NET's ONNX export of the feature fusion has no input '{input}'.");
        var score = onnx.Graph.Output.Select(o => o.Name).FirstOrDefault(n => n == SerFeatureFusionEstimator.TrainerScore || n.StartsWith(SerFeatureFusionEstimator.TrainerScore + ".", StringComparison.Ordinal))
            ?? throw new NotSupportedException($"ML.NET's ONNX export of the feature fusion has no score output ({string.Join(", ", onnx.Graph.Output.Select(o => o.Name))}).");
        return new FeatureFusionOnnx(onnx, inputName, score, inputSize);
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}
