namespace MlNetSer.Export;

/// <summary>Options of <see cref="SerFusedOnnx.Export"/>.</summary>
public sealed class SerFusedOnnxOptions
{
    /// <summary>
    /// Whether the graph scores a batch of utterances per run (default false: one utterance, input <c>samples [T]</c>).
    /// A batched graph takes <c>samples [B, T]</c> (each row zero-padded past its utterance) and <c>lengths [B]</c>, runs each
    /// network once on the segments of all B utterances (faster per utterance on a CPU) and gives every per-utterance
    /// output a leading B axis, plus <c>seg_rows_&lt;network&gt;</c>, the row of each segment. Every network must average its
    /// segments (the paper's mean aggregation).
    /// </summary>
    public bool Batch { get; set; }
}
