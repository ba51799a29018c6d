using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetSer.Onnx;
using Onnx;
using TorchSharp;

namespace MlNetSer.Platform;

/// <summary>
/// Finds out, once per device and process, whether TorchSharp and ONNX Runtime can use a CUDA device, by asking each
/// library to do it rather than by looking for files: the native packages an application references decide it.
/// </summary>
/// <remarks>
/// ONNX Runtime's <c>GetAvailableProviders()</c> lists CUDA wherever the GPU package is referenced, GPU or not (seen on a machine without one),
/// so the check starts a session with the CUDA execution provider on a one-node model and runs it. ONNX Runtime logs a
/// failed provider load as an error line on standard error; the check lowers the log level while it runs, because on a
/// machine without CUDA that failure is the expected answer, and the reason goes into the result instead.
/// </remarks>
internal static partial class CudaProbe
{
    private static readonly ConcurrentDictionary<int, Lazy<SerCudaSupport>> Results = new();

    public static SerCudaSupport Check(int index) =>
        Results.GetOrAdd(index, i => new Lazy<SerCudaSupport>(() => new SerCudaSupport(i, Guarded(TorchSharpProblem, i), Guarded(OnnxRuntimeProblem, i)))).Value;

    // A check answers; it does not throw. Anything unforeseen from a native library is the answer "not usable, because …".
    private static string? Guarded(Func<int, string?> check, int index)
    {
        try
        {
            return check(index);
        }
        catch (Exception e)
        {
            return $"the check failed: {e.GetType().Name}: {FirstLine(e.Message)}";
        }
    }

    private static string? TorchSharpProblem(int index)
    {
        try
        {
            // is_available() loads the CUDA backend first when the application has one (TorchSharp then loads libtorch_cuda
            // before its own library), so this is also the right first call into TorchSharp.
            if (!torch.cuda.is_available())
            {
                return HasCudaLibtorch()
                    ? "libtorch's CUDA build finds no usable GPU (no NVIDIA driver, or no device visible to this process)"
                    : "the application has a CPU-only libtorch; a CUDA application references libtorch-cuda-12.8-linux-x64 (Linux) or "
                      + "libtorch-cuda-12.8-win-x64 (Windows) 2.10.0 instead of libtorch-cpu";
            }

            var count = torch.cuda.device_count();
            return index < count ? null : $"libtorch sees {count} CUDA device(s), so there is no cuda:{index}";
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or ExternalException)
        {
            return TorchSharpRuntime.ExplainMissingBackend(AppContext.BaseDirectory)
                   ?? $"its native library does not load: {FirstLine((e.InnerException ?? e).Message)}";
        }
    }

    private static bool HasCudaLibtorch() => NativeLibrary.TryLoad("torch_cuda", typeof(torch).Assembly, null, out _);

    private static string? OnnxRuntimeProblem(int index)
    {
        OrtEnv environment;
        try
        {
            environment = OrtEnv.Instance();
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or EntryPointNotFoundException)
        {
            return "its native library does not load (the application references no ONNX Runtime package, or one for another "
                   + $"platform): {FirstLine((e.InnerException ?? e).Message)}";
        }

        var level = environment.EnvLogLevel;
        environment.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        try
        {
            using var options = SessionOptions.MakeSessionOptionWithCudaProvider(index);
            using var session = new InferenceSession(ProbeModel.Value, options);
            var input = NamedOnnxValue.CreateFromTensor(ProbeModelInput, new DenseTensor<float>(new[] { -1f, 1f }, new[] { 1, 2 }));
            using var outputs = session.Run(new[] { input });
            return null;
        }
        catch (EntryPointNotFoundException)
        {
            // The CPU package's library has no CUDA entry point at all.
            return "the application has the CPU build of ONNX Runtime; a CUDA application references Microsoft.ML.OnnxRuntime.Gpu "
                   + "instead of Microsoft.ML.OnnxRuntime";
        }
        catch (OnnxRuntimeException e)
        {
            return $"its CUDA execution provider does not start on cuda:{index}: {FirstLine(e.Message)}{MissingProviderDependency()}";
        }
        finally
        {
            environment.EnvLogLevel = level;
        }
    }

    // The provider library's own load error names the CUDA library it lacks (e.g. libcublasLt.so.13), which ONNX Runtime's
    // exception does not; the loader's message lists every path tried, the dependency is the line without a path.
    private static string MissingProviderDependency()
    {
        if (!OperatingSystem.IsLinux())
            return "";
        try
        {
            NativeLibrary.Free(NativeLibrary.Load("onnxruntime_providers_cuda", typeof(OrtEnv).Assembly, null));
            return "";
        }
        catch (DllNotFoundException e)
        {
            var missing = MissingDependency().Matches(e.Message).Select(m => m.Groups["library"].Value)
                .FirstOrDefault(library => !library.Contains("onnxruntime_providers_cuda", StringComparison.Ordinal));
            return missing is null ? "" : $" ({missing} is missing: install the CUDA and cuDNN libraries that this ONNX Runtime was built for)";
        }
    }

    [GeneratedRegex(@"^(?<library>[^/\s][^:\s]*): cannot open shared object file", RegexOptions.Multiline)]
    private static partial Regex MissingDependency();

    private const string ProbeModelInput = "x";

    private static readonly Lazy<byte[]> ProbeModel = new(() =>
    {
        var graph = new OnnxGraphBuilder();
        graph.Graph.Name = "MlNetSerCudaProbe";
        graph.Unique(ProbeModelInput);
        graph.Graph.Input.Add(OnnxGraphBuilder.FloatValueInfo(ProbeModelInput, new long?[] { 1, 2 }));
        graph.AddNodeWithOutput("Relu", "y", new[] { ProbeModelInput });
        graph.Graph.Output.Add(OnnxGraphBuilder.FloatValueInfo("y", new long?[] { 1, 2 }));
        var model = new ModelProto { IrVersion = OnnxContract.IrVersion, ProducerName = "MlNetSer", Graph = graph.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxContract.Opset });
        return model.ToByteArray();
    });

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length == 0 ? "(no message)" : line;
    }
}
