namespace MlNetSer.Models;

/// <summary>
/// Marks a module with children that <see cref="SerNetwork"/> treats as one layer of its chain
/// (e.g. a residual block, which is not itself a chain) and the ONNX exporter translates as a unit.
/// </summary>
internal interface ILayerGroup
{
}
