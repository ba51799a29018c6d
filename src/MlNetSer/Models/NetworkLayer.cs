using static TorchSharp.torch;

namespace MlNetSer.Models;

/// <summary>One leaf layer of a <see cref="SerNetwork"/>.</summary>
/// <param name="Path">Dotted state-dict path of the layer (e.g. <c>features.conv1</c>).</param>
/// <param name="Module">The layer itself.</param>
public sealed record NetworkLayer(string Path, nn.Module<Tensor, Tensor> Module);
