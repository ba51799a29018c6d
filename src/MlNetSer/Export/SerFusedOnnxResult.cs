namespace MlNetSer.Export;

/// <summary>What <see cref="SerFusedOnnx.Export"/> wrote.</summary>
/// <param name="Path">The ONNX file.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="SampleRate">The sample rate the <see cref="SerFusedOnnx.SamplesInput"/> input must have.</param>
/// <param name="Labels">The class names in score order.</param>
/// <param name="Networks">The networks in the graph.</param>
/// <param name="Outputs">The graph's outputs.</param>
public sealed record SerFusedOnnxResult(string Path, long Bytes, int SampleRate, IReadOnlyList<string> Labels, IReadOnlyList<string> Networks, IReadOnlyList<string> Outputs);
