namespace MlNetSer.Training;

/// <summary>What one epoch did and cost.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's mini-batches.</param>
/// <param name="ValidationLoss">Mean segment cross-entropy on the validation set (NaN without one).</param>
/// <param name="ValidationAccuracy">Utterance-level validation accuracy from averaged segment softmax (NaN without one).</param>
/// <param name="EpochSeconds">Wall time of the training pass: batch assembly, transfers and the steps.</param>
/// <param name="ComputeSeconds">Of that, the pure forward, backward and optimizer-step time of the same batches.</param>
/// <param name="ValidationSeconds">Wall time of the validation pass.</param>
/// <param name="CheckpointSeconds">Wall time of writing the checkpoint.</param>
public sealed record EpochStatistics(
    int Epoch,
    double TrainLoss,
    double ValidationLoss,
    double ValidationAccuracy,
    double EpochSeconds,
    double ComputeSeconds,
    double ValidationSeconds,
    double CheckpointSeconds)
{
    /// <summary>Epoch wall time over pure compute time (1 means the input pipeline costs nothing; the target is ≤ 1.15).</summary>
    public double InputOverhead => ComputeSeconds > 0 ? EpochSeconds / ComputeSeconds : double.NaN;
}
