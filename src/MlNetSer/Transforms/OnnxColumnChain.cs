using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Platform;

namespace MlNetSer.Transforms;

/// <summary>
/// A small ONNX graph applied to one column: the input column copied under the graph's input name,
/// <c>ApplyOnnxModel</c>, the graph's output copied to the output column, the temporaries dropped. The graphs MlNetSer
/// computes this way (statistics, aggregation) keep their output a fixed-size vector after <c>Model.Load</c>.
/// </summary>
internal static class OnnxColumnChain
{
    public static EstimatorChain<ITransformer> Create(MLContext mlContext, string outputColumnName, string inputColumnName,
        string graphInput, string graphOutput, byte[] onnx, IDictionary<string, int[]> shapes, SerDevice device)
        => new EstimatorChain<ITransformer>()
            .Append<ITransformer>(mlContext.Transforms.CopyColumns(graphInput, inputColumnName))
            .Append<ITransformer>(mlContext.Transforms.ApplyOnnxModel([graphOutput], [graphInput],
                new MemoryStream(onnx, writable: false), shapes, device.ToOnnxGpuDeviceId(), fallbackToCpu: false, recursionLimit: 100))
            .Append<ITransformer>(mlContext.Transforms.CopyColumns(outputColumnName, graphOutput))
            .Append<ITransformer>(mlContext.Transforms.DropColumns(graphInput, graphOutput));
}
