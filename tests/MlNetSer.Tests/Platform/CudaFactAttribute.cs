using MlNetSer.Platform;

namespace MlNetSer.Tests.Platform;

/// <summary>
/// A fact that needs CUDA device 0 usable by both TorchSharp and ONNX Runtime (<see cref="SerDevice.CheckCuda"/>); elsewhere
/// it is reported as skipped with the reason the check gave (e.g. a CPU-only libtorch, no GPU). xunit 2 has no skip from
/// inside a test, so the check runs when the test is discovered (once per process).
/// </summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        var support = SerDevice.CheckCuda();
        if (!support.IsAvailable)
            Skip = $"No usable CUDA device: {support}";
    }
}

/// <summary>
/// A fact about a machine without a usable CUDA device (what <c>auto</c> and <c>cuda</c> do there); skipped, with the reason,
/// where CUDA device 0 is usable, because <c>auto</c> then picks it.
/// </summary>
public sealed class NoCudaFactAttribute : FactAttribute
{
    public NoCudaFactAttribute()
    {
        if (SerDevice.CheckCuda().IsAvailable)
            Skip = "A CUDA device is usable here; this fact is about machines without one (CudaDeviceTests cover CUDA).";
    }
}

/// <summary>The theory form of <see cref="NoCudaFactAttribute"/>.</summary>
public sealed class NoCudaTheoryAttribute : TheoryAttribute
{
    public NoCudaTheoryAttribute()
    {
        if (SerDevice.CheckCuda().IsAvailable)
            Skip = "A CUDA device is usable here; this theory is about machines without one (CudaDeviceTests cover CUDA).";
    }
}
