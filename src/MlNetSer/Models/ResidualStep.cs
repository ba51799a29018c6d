using TorchSharp.Modules;

namespace MlNetSer.Models;

/// <summary>One convolution of a residual block's main path with its batch norm, and the explicit padding before it (CNTK layout) if any.</summary>
/// <param name="Pad">Asymmetric padding applied before <paramref name="Conv"/>, or null.</param>
/// <param name="Conv">The convolution.</param>
/// <param name="Norm">The batch norm after it.</param>
public sealed record ResidualStep(AsymmetricPad2d? Pad, Conv2d Conv, BatchNorm2d Norm);
