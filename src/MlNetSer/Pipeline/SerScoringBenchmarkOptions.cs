namespace MlNetSer.Pipeline;

/// <summary>Options of <see cref="SerScoringBenchmark"/>.</summary>
public sealed class SerScoringBenchmarkOptions
{
    /// <summary>Files scored once, untimed, before each measurement (JIT, ONNX Runtime's first-run allocations; default 2).</summary>
    public int WarmUpFiles { get; set; } = 2;

    /// <summary>
    /// Intra-op threads of the ONNX Runtime sessions of the raw reference (default 0: ONNX Runtime's choice, one per
    /// physical core, as the sessions that <c>ApplyOnnxModel</c> makes).
    /// </summary>
    public int OnnxThreads { get; set; }

    /// <summary>
    /// Segments per run of the batched raw reference, which packs the segments of consecutive utterances into one
    /// ONNX Runtime run (default 30, the paper's mini-batch and <c>bench train</c>'s).
    /// </summary>
    public int BatchSegments { get; set; } = 30;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (WarmUpFiles < 0)
            throw new ArgumentException($"WarmUpFiles must be 0 or more (got {WarmUpFiles}).", nameof(WarmUpFiles));
        if (OnnxThreads < 0)
            throw new ArgumentException($"OnnxThreads must be 0 (ONNX Runtime's choice) or positive (got {OnnxThreads}).", nameof(OnnxThreads));
        if (BatchSegments < 1)
            throw new ArgumentException($"BatchSegments must be at least 1 (got {BatchSegments}).", nameof(BatchSegments));
    }
}
