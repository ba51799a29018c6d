using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;
using MlNetSer.IO;

namespace MlNetSer.Platform;

/// <summary><c>ApplyOnnxModel</c> on a graph MlNetSer built in memory.</summary>
internal static class OnnxGraphScoring
{
    /// <summary>
    /// ML.NET's <c>ApplyOnnxModel</c> on <paramref name="onnx"/>, read from <see cref="SerTemporaryFiles.OnnxFile"/>
    /// rather than from a stream (ML.NET copies a stream into a temporary file it never deletes), on
    /// <paramref name="device"/>; <paramref name="shapes"/> fixes the dimensions the graph leaves open.
    /// </summary>
    internal static OnnxScoringEstimator ApplyOnnxGraph(this TransformsCatalog catalog, string[] outputColumnNames,
        string[] inputColumnNames, byte[] onnx, IDictionary<string, int[]>? shapes, SerDevice device)
        => catalog.ApplyOnnxModel(new OnnxOptions
        {
            ModelFile = SerTemporaryFiles.OnnxFile(onnx),
            OutputColumns = outputColumnNames,
            InputColumns = inputColumnNames,
            ShapeDictionary = shapes,
            GpuDeviceId = device.ToOnnxGpuDeviceId(),
            FallbackToCpu = false,
            RecursionLimit = 100,
        });
}
