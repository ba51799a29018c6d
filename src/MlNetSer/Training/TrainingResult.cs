using MlNetSer.Models;
using MlNetSer.Platform;

namespace MlNetSer.Training;

/// <summary>The outcome of <see cref="SegmentTrainer.Train(Func{SerNetwork}, SegmentDataset, SegmentDataset?, IProgress{TrainingProgress}?, CancellationToken)"/>.</summary>
/// <param name="Network">The trained network holding the best epoch's weights, on the CPU, in eval mode. The caller disposes it.</param>
/// <param name="BestEpoch">1-based epoch whose weights were kept.</param>
/// <param name="EpochsRun">Epochs trained in total (including those before a resume).</param>
/// <param name="StoppedEarly">Whether early stopping ended the run before <see cref="TrainerOptions.Epochs"/>.</param>
/// <param name="ResumedFromEpoch">The last completed epoch of the checkpoint this run resumed from (0 for a fresh run).</param>
/// <param name="Device">The device trained on (<see cref="SerDevice.Cpu"/> or a CUDA device; never <see cref="SerDevice.Auto"/>).</param>
/// <param name="History">Per-epoch statistics, including epochs run before a resume.</param>
public sealed record TrainingResult(
    SerNetwork Network,
    int BestEpoch,
    int EpochsRun,
    bool StoppedEarly,
    int ResumedFromEpoch,
    SerDevice Device,
    IReadOnlyList<EpochStatistics> History)
{
    /// <summary>The kept epoch's statistics.</summary>
    public EpochStatistics Best => History[BestEpoch - 1];
}
