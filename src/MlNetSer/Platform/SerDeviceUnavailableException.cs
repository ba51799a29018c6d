namespace MlNetSer.Platform;

/// <summary>
/// A CUDA device was asked for (<see cref="SerDevice.Cuda"/>, <c>--device cuda</c>) and TorchSharp or ONNX Runtime
/// cannot use it. The message names the device and each library's problem; <see cref="Support"/> holds them apart.
/// </summary>
public sealed class SerDeviceUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="device"/> and what <see cref="SerDevice.CheckCuda"/> found.</summary>
    public SerDeviceUnavailableException(SerDevice device, SerCudaSupport support)
        : base($"{support} (see docs/gpu.md for what a CUDA application needs; --device auto or SerDevice.Auto uses the CPU instead).")
    {
        Device = device;
        Support = support;
    }

    /// <summary>The device that was asked for.</summary>
    public SerDevice Device { get; }

    /// <summary>Why it cannot be used.</summary>
    public SerCudaSupport Support { get; }
}
