namespace MlNetSer.Training;

/// <summary>
/// What one network's training did, epoch by epoch, without the trained network itself: a
/// <see cref="TrainingResult"/> holds native TorchSharp state that is disposed after scoring, while a report
/// (e.g. its training-curve plots) outlives it.
/// </summary>
/// <param name="BestEpoch">1-based epoch whose weights were kept.</param>
/// <param name="StoppedEarly">Whether early stopping ended the run.</param>
/// <param name="Epochs">Per-epoch statistics in epoch order (loss, validation loss and accuracy, timings).</param>
public sealed record TrainingHistory(int BestEpoch, bool StoppedEarly, IReadOnlyList<EpochStatistics> Epochs)
{
    /// <summary>The history of a training result (its statistics are copied, the network is not kept).</summary>
    /// <param name="result">The result.</param>
    public static TrainingHistory From(TrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new TrainingHistory(result.BestEpoch, result.StoppedEarly, result.History.ToArray());
    }
}
