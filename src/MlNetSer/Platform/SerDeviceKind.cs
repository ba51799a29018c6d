namespace MlNetSer.Platform;

/// <summary>What a <see cref="SerDevice"/> names.</summary>
public enum SerDeviceKind
{
    /// <summary>CUDA device 0 when both TorchSharp and ONNX Runtime can use it, else the CPU (the default).</summary>
    Auto = 0,

    /// <summary>The CPU.</summary>
    Cpu = 1,

    /// <summary>One NVIDIA GPU through CUDA (<see cref="SerDevice.Index"/> is its ordinal).</summary>
    Cuda = 2,
}
