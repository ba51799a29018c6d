namespace MlNetSer.Pipeline;

/// <summary>Options of <see cref="SerBatchScoringTransformer"/>.</summary>
public sealed class SerBatchScoringOptions
{
    /// <summary>
    /// Segments per ONNX Runtime run, at least 2 (default 32; a run takes up to twice this less one, so that none is left
    /// with a single segment). Utterances are read ahead until every network has this many segments waiting (or the data
    /// ends), so a network's large fully connected layers are read from memory once per run rather than once per utterance.
    /// </summary>
    public int BatchSegments { get; set; } = 32;

    /// <summary>Most utterances read ahead at once, whatever their segment counts (default 256): bounds the memory held.</summary>
    public int MaxUtterances { get; set; } = 256;

    /// <summary>Intra-op threads of each network's ONNX Runtime session (default 0: ONNX Runtime's choice, one per physical core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>GPU on which ONNX Runtime scores the networks (default null: the CPU), as <c>ApplyOnnxModel</c>'s <c>gpuDeviceId</c>.</summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>Whether the networks fall back to the CPU when <see cref="GpuDeviceId"/> cannot be used (default false).</summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>
    /// Default options with the device <paramref name="mlContext"/> gives ONNX transforms (<c>GpuDeviceId</c>,
    /// <c>FallbackToCpu</c>), so that the networks run where the model's own ONNX transforms run.
    /// </summary>
    public static SerBatchScoringOptions OnDeviceOf(Microsoft.ML.MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new SerBatchScoringOptions { GpuDeviceId = mlContext.GpuDeviceId, FallbackToCpu = mlContext.FallbackToCpu };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (BatchSegments < 2)
            throw new ArgumentException($"BatchSegments must be at least 2 (got {BatchSegments}).", nameof(BatchSegments));
        if (MaxUtterances < 1)
            throw new ArgumentException($"MaxUtterances must be at least 1 (got {MaxUtterances}).", nameof(MaxUtterances));
        if (IntraOpThreads < 0)
            throw new ArgumentException($"IntraOpThreads must be 0 (ONNX Runtime's choice) or positive (got {IntraOpThreads}).", nameof(IntraOpThreads));
        if (GpuDeviceId is < 0)
            throw new ArgumentException($"GpuDeviceId must be null or non-negative (got {GpuDeviceId}).", nameof(GpuDeviceId));
    }
}
