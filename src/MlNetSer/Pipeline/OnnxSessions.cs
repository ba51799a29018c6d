using Microsoft.ML.OnnxRuntime;

namespace MlNetSer.Pipeline;

/// <summary>ONNX Runtime sessions made as ML.NET's <c>ApplyOnnxModel</c> makes them, for code that runs MlNetSer graphs directly.</summary>
internal static class OnnxSessions
{
    /// <summary>
    /// A session with every graph optimisation, on CUDA device <paramref name="gpuDeviceId"/> when one is given (the CPU
    /// when CUDA cannot be used and <paramref name="fallbackToCpu"/> is set), with <paramref name="intraOpThreads"/>
    /// threads (0: ONNX Runtime's choice).
    /// </summary>
    public static InferenceSession Create(byte[] onnx, int? gpuDeviceId = null, bool fallbackToCpu = false, int intraOpThreads = 0)
    {
        if (gpuDeviceId is { } device)
        {
            try
            {
                using var cuda = SessionOptions.MakeSessionOptionWithCudaProvider(device);
                return Create(onnx, cuda, intraOpThreads);
            }
            catch (OnnxRuntimeException) when (fallbackToCpu)
            {
                // As ApplyOnnxModel with fallbackToCpu: the CPU below.
            }
        }

        using var cpu = new SessionOptions();
        return Create(onnx, cpu, intraOpThreads);
    }

    private static InferenceSession Create(byte[] onnx, SessionOptions options, int intraOpThreads)
    {
        options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
        if (intraOpThreads > 0)
            options.IntraOpNumThreads = intraOpThreads;
        return new InferenceSession(onnx, options);
    }
}
