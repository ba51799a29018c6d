using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Platform;

namespace MlNetSer.Transforms;

/// <summary>
/// An estimator that computes one column from another with a small ONNX graph: the input column copied under the
/// graph's input name, <c>ApplyOnnxModel</c>, the graph's output copied to the output column, the temporaries dropped.
/// ONNX keeps the output a fixed-size vector after <c>Model.Load</c>, which a CustomMapping would not.
/// </summary>
public abstract class OnnxColumnEstimator : IEstimator<TransformerChain<ITransformer>>
{
    private readonly string _transformName;
    private readonly string _inputDescription;

    private protected OnnxColumnEstimator(string transformName, string outputColumnName, string inputColumnName, string inputDescription, SerDevice device)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        _transformName = transformName;
        _inputDescription = inputDescription;
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        Device = device;
    }

    /// <summary>The column produced.</summary>
    public string OutputColumnName { get; }

    /// <summary>The column read.</summary>
    public string InputColumnName { get; }

    /// <summary>Where ONNX Runtime computes it (resolved in <c>Fit</c>; see <see cref="SerDevice"/>).</summary>
    public SerDevice Device { get; }

    /// <inheritdoc/>
    public TransformerChain<ITransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Chain(new MLContext(), Device.Resolve()).Fit(input);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        new InputColumns(inputSchema).RequireSingleVector(_transformName, InputColumnName, _inputDescription);
        // The schema does not depend on the device; the CPU spares a CUDA check.
        return Chain(new MLContext(), SerDevice.Cpu).GetOutputSchema(inputSchema);
    }

    /// <summary>The graph, its input and output names, and their shapes (0 for a dimension read from each row).</summary>
    private protected abstract (byte[] Onnx, string Input, string Output, Dictionary<string, int[]> Shapes) Graph();

    /// <summary>The chain on <paramref name="device"/>.</summary>
    internal EstimatorChain<ITransformer> Chain(MLContext mlContext, SerDevice device)
    {
        var (onnx, graphInput, graphOutput, shapes) = Graph();
        return new EstimatorChain<ITransformer>()
            .Append<ITransformer>(mlContext.Transforms.CopyColumns(graphInput, InputColumnName))
            .Append<ITransformer>(mlContext.Transforms.ApplyOnnxGraph([graphOutput], [graphInput], onnx, shapes, device))
            .Append<ITransformer>(mlContext.Transforms.CopyColumns(OutputColumnName, graphOutput))
            .Append<ITransformer>(mlContext.Transforms.DropColumns(graphInput, graphOutput));
    }
}
