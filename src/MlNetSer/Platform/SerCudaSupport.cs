namespace MlNetSer.Platform;

/// <summary>
/// Whether one CUDA device is usable by the two native libraries MlNetSer runs on (<see cref="SerDevice.CheckCuda"/>),
/// and if not, why, in words a user can act on.
/// </summary>
/// <param name="Index">The CUDA device ordinal checked.</param>
/// <param name="TorchSharpProblem">Why TorchSharp cannot train on it, or null when it can.</param>
/// <param name="OnnxRuntimeProblem">Why ONNX Runtime cannot score on it, or null when it can.</param>
public sealed record SerCudaSupport(int Index, string? TorchSharpProblem, string? OnnxRuntimeProblem)
{
    /// <summary>Whether TorchSharp can train on the device.</summary>
    public bool TorchSharp => TorchSharpProblem is null;

    /// <summary>Whether ONNX Runtime can score on the device.</summary>
    public bool OnnxRuntime => OnnxRuntimeProblem is null;

    /// <summary>Whether both can: what <see cref="SerDevice.Resolve"/> requires of a CUDA device.</summary>
    public bool IsAvailable => TorchSharp && OnnxRuntime;

    /// <summary>One line: <c>cuda:0 is usable</c>, or each library's problem.</summary>
    public override string ToString()
    {
        if (IsAvailable)
            return $"cuda:{Index} is usable by TorchSharp and ONNX Runtime";
        var problems = new List<string>(2);
        if (TorchSharpProblem is { } torch)
            problems.Add($"TorchSharp: {torch}");
        if (OnnxRuntimeProblem is { } onnx)
            problems.Add($"ONNX Runtime: {onnx}");
        return $"cuda:{Index} is not usable. {string.Join("; ", problems)}";
    }
}
