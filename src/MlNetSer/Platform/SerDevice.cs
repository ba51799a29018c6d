using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using TorchSharp;

namespace MlNetSer.Platform;

/// <summary>
/// Where MlNetSer computes: TorchSharp training and ONNX Runtime scoring (every <c>ApplyOnnxModel</c> of the networks,
/// the score fusion and the baseline statistics, and the ONNX models inside a loaded model zip). One value, written
/// <c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> as on the command line (<c>--device</c>).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Auto"/> (the default, and <c>default(SerDevice)</c>) is CUDA device 0 when both TorchSharp
/// (<c>torch.cuda.is_available()</c>, which needs a CUDA build of libtorch in the application) and ONNX Runtime (a session
/// with the CUDA execution provider, which needs <c>Microsoft.ML.OnnxRuntime.Gpu</c> and the CUDA libraries it was built
/// for) can use it, else the CPU: the two halves of the method then run on the same device. <see cref="Resolve"/> turns
/// it into the concrete device; asking for CUDA where either half cannot use it throws
/// <see cref="SerDeviceUnavailableException"/> naming the problem instead of failing later in native code.
/// Which packages give an application CUDA: docs/gpu.md.
/// </para>
/// <para>
/// ML.NET keeps no device in a model zip: a loaded model's ONNX transforms run where the loading
/// <see cref="MLContext"/> says (<see cref="MLContext.GpuDeviceId"/>, <see cref="MLContext.FallbackToCpu"/>), which
/// <see cref="ApplyTo"/> sets. A model trained on a GPU therefore loads and scores on a machine without one.
/// </para>
/// </remarks>
[JsonConverter(typeof(SerDeviceJsonConverter))]
public readonly record struct SerDevice
{
    private SerDevice(SerDeviceKind kind, int index)
    {
        Kind = kind;
        Index = index;
    }

    /// <summary>CUDA device 0 when TorchSharp and ONNX Runtime can both use it, else the CPU (the default).</summary>
    public static SerDevice Auto => default;

    /// <summary>The CPU.</summary>
    public static SerDevice Cpu { get; } = new(SerDeviceKind.Cpu, 0);

    /// <summary>What the value names: automatic choice, the CPU or a CUDA device.</summary>
    public SerDeviceKind Kind { get; }

    /// <summary>The CUDA device ordinal (as in <c>cuda:N</c> and ONNX Runtime's <c>gpuDeviceId</c>); 0 for <see cref="SerDeviceKind.Auto"/> and <see cref="SerDeviceKind.Cpu"/>.</summary>
    public int Index { get; }

    /// <summary>Whether this names a CUDA device.</summary>
    public bool IsCuda => Kind == SerDeviceKind.Cuda;

    /// <summary>CUDA device <paramref name="index"/> (default 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static SerDevice Cuda(int index = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new SerDevice(SerDeviceKind.Cuda, index);
    }

    /// <summary>Parses <c>auto</c>, <c>cpu</c>, <c>cuda</c> (device 0) or <c>cuda:N</c> (case and surrounding spaces ignored).</summary>
    /// <exception cref="FormatException">Anything else; the message says what is accepted.</exception>
    public static SerDevice Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var device)
            ? device
            : throw new FormatException($"'{text}' is not a device: use auto, cpu, cuda or cuda:N (N = 0, 1, … the CUDA device number).");
    }

    /// <summary>Parses like <see cref="Parse"/>; false for anything else (including null).</summary>
    public static bool TryParse(string? text, out SerDevice device)
    {
        device = default;
        var value = text?.Trim().ToLowerInvariant();
        switch (value)
        {
            case "auto":
                device = Auto;
                return true;
            case "cpu":
                device = Cpu;
                return true;
            case "cuda":
                device = Cuda();
                return true;
        }

        // Digits only: no sign, spaces or exponent, so "cuda:-1" or "cuda: 1" are rejected rather than read loosely.
        if (value is not null && value.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(value.AsSpan("cuda:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            device = Cuda(index);
            return true;
        }

        return false;
    }

    /// <summary>
    /// The concrete device: the CPU stays the CPU; <see cref="Auto"/> becomes <c>cuda:0</c> when
    /// <see cref="CheckCuda"/> finds it usable by both TorchSharp and ONNX Runtime, else the CPU; a CUDA device is
    /// checked the same way. The checks run once per device and process.
    /// </summary>
    /// <exception cref="SerDeviceUnavailableException">A CUDA device was asked for and TorchSharp or ONNX Runtime cannot use it; the message says why.</exception>
    public SerDevice Resolve()
    {
        switch (Kind)
        {
            case SerDeviceKind.Cpu:
                return this;
            case SerDeviceKind.Cuda:
                var support = CheckCuda(Index);
                return support.IsAvailable ? this : throw new SerDeviceUnavailableException(this, support);
            default:
                return CheckCuda(0).IsAvailable ? Cuda(0) : Cpu;
        }
    }

    /// <summary>
    /// Resolves this device (<see cref="Resolve"/>) and makes <paramref name="mlContext"/> run ONNX models there: sets
    /// <see cref="MLContext.GpuDeviceId"/> (null for the CPU) and <see cref="MLContext.FallbackToCpu"/> (false: CUDA was
    /// checked, so a failure later is an error, not a silent move to the CPU). ML.NET uses these for every
    /// <c>ApplyOnnxModel</c> without an explicit device and for the ONNX transforms of a model it loads with
    /// <c>mlContext.Model.Load</c>.
    /// </summary>
    /// <param name="mlContext">The context that will load or apply the models.</param>
    /// <returns>The concrete device.</returns>
    /// <exception cref="SerDeviceUnavailableException">A CUDA device was asked for and cannot be used.</exception>
    public SerDevice ApplyTo(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var resolved = Resolve();
        mlContext.GpuDeviceId = resolved.ToOnnxGpuDeviceId();
        mlContext.FallbackToCpu = false;
        return resolved;
    }

    /// <summary>ONNX Runtime's <c>gpuDeviceId</c> for this device: the ordinal for CUDA, null for the CPU.</summary>
    /// <exception cref="InvalidOperationException">This is <see cref="Auto"/>: call <see cref="Resolve"/> first.</exception>
    public int? ToOnnxGpuDeviceId() => Kind switch
    {
        SerDeviceKind.Cuda => Index,
        SerDeviceKind.Cpu => null,
        _ => throw new InvalidOperationException("The automatic device has no ONNX Runtime device id: resolve it first (SerDevice.Resolve)."),
    };

    /// <summary>TorchSharp's device for this device (<c>cpu</c> or <c>cuda:N</c>).</summary>
    /// <exception cref="InvalidOperationException">This is <see cref="Auto"/>: call <see cref="Resolve"/> first.</exception>
    public torch.Device ToTorchDevice() => Kind switch
    {
        SerDeviceKind.Cuda => torch.device(DeviceType.CUDA, Index),
        SerDeviceKind.Cpu => torch.CPU,
        _ => throw new InvalidOperationException("The automatic device has no TorchSharp device: resolve it first (SerDevice.Resolve)."),
    };

    /// <summary>
    /// Whether CUDA device <paramref name="index"/> is usable by TorchSharp (a CUDA build of libtorch that sees the device)
    /// and by ONNX Runtime (a session with the CUDA execution provider on it starts and runs), and if not, why. Checked
    /// once per device and process; never throws.
    /// </summary>
    /// <param name="index">The CUDA device ordinal (default 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static SerCudaSupport CheckCuda(int index = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return CudaProbe.Check(index);
    }

    /// <summary><c>auto</c>, <c>cpu</c> or <c>cuda:N</c>: the form <see cref="Parse"/> reads and the CLI's <c>--json</c> reports.</summary>
    public override string ToString() => Kind switch
    {
        SerDeviceKind.Cpu => "cpu",
        SerDeviceKind.Cuda => $"cuda:{Index.ToString(CultureInfo.InvariantCulture)}",
        _ => "auto",
    };
}

/// <summary>Writes a <see cref="SerDevice"/> as its text (<c>"cuda:1"</c>) and reads it back with <see cref="SerDevice.Parse"/>.</summary>
internal sealed class SerDeviceJsonConverter : JsonConverter<SerDevice>
{
    public override SerDevice Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return SerDevice.TryParse(text, out var device) ? device : throw new JsonException($"'{text}' is not a device (auto, cpu, cuda or cuda:N).");
    }

    public override void Write(Utf8JsonWriter writer, SerDevice value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
