using MlNetSer.Models;
using static TorchSharp.torch;

namespace MlNetSer.Training;

/// <summary>
/// The bookkeeping of one training run that a checkpoint must carry: epoch counter, early-stopping
/// counters, best weights and history.
/// </summary>
internal sealed class RunState(string fingerprint)
{
    public string Fingerprint { get; } = fingerprint;

    public int CompletedEpochs { get; private set; }

    public int BestEpoch { get; private set; }

    public double BestAccuracy { get; private set; } = double.NaN;

    public double BestLoss { get; private set; } = double.NaN;

    public int EpochsWithoutImprovement { get; private set; }

    public bool Finished { get; private set; }

    public bool StoppedEarly { get; private set; }

    public byte[]? BestWeights { get; private set; }

    public List<EpochStatistics> History { get; } = new();

    /// <summary>
    /// Records a finished epoch: keeps the weights when the validation metric improved (accuracy, ties by a lower
    /// loss; or the loss alone, see <see cref="TrainerOptions.EarlyStoppingMetric"/>; without validation every epoch is the
    /// newest best), and decides whether to stop.
    /// </summary>
    public void CompleteEpoch(SerNetwork network, TrainerOptions options, double trainLoss, double accuracy, double validationLoss, bool validated)
    {
        CompletedEpochs++;
        var improved = !validated || BestEpoch == 0 || (options.EarlyStoppingMetric == EarlyStoppingMetric.Loss
            ? validationLoss < BestLoss
            : accuracy > BestAccuracy || (accuracy == BestAccuracy && validationLoss < BestLoss));
        if (improved)
        {
            BestEpoch = CompletedEpochs;
            BestAccuracy = accuracy;
            BestLoss = validationLoss;
            EpochsWithoutImprovement = 0;
            BestWeights = SegmentTrainer.SaveState(network);
        }
        else
        {
            EpochsWithoutImprovement++;
        }

        if (CompletedEpochs >= options.Epochs)
        {
            Finished = true;
        }
        else if (validated && options.Patience > 0 && EpochsWithoutImprovement >= options.Patience)
        {
            Finished = true;
            StoppedEarly = true;
        }
    }

    public TrainingCheckpoint ToCheckpoint(SerNetwork network, optim.Optimizer optimizer, WeightAverage? average) => new()
    {
        Header = new TrainingCheckpoint.CheckpointHeader(
            Fingerprint, CompletedEpochs, BestEpoch, BestAccuracy, BestLoss, EpochsWithoutImprovement, Finished, StoppedEarly, History.ToArray()),
        Weights = SegmentTrainer.SaveState(network),
        BestWeights = BestWeights!,
        OptimizerState = SegmentTrainer.SaveOptimizer(optimizer),
        AverageWeights = average?.Save(network) ?? [],
    };

    public void Restore(TrainingCheckpoint checkpoint)
    {
        var header = checkpoint.Header;
        CompletedEpochs = header.CompletedEpochs;
        BestEpoch = header.BestEpoch;
        BestAccuracy = header.BestAccuracy;
        BestLoss = header.BestLoss;
        EpochsWithoutImprovement = header.EpochsWithoutImprovement;
        Finished = header.Finished;
        StoppedEarly = header.StoppedEarly;
        BestWeights = checkpoint.BestWeights;
        History.Clear();
        History.AddRange(header.History);
    }

    /// <summary>A progress report; <paramref name="epochFraction"/> is how much of the running epoch is done.</summary>
    public TrainingProgress Report(
        TrainingProgressKind kind, TrainerOptions options, int epoch, int batch, int batches, double loss, TimeSpan epochElapsed, double epochFraction = 0)
    {
        var finished = History.Sum(h => h.EpochSeconds + h.ValidationSeconds + h.CheckpointSeconds);
        var elapsed = TimeSpan.FromSeconds(finished) + epochElapsed;
        var perEpoch = History.Count > 0 ? finished / History.Count
            : epochFraction > 0 ? epochElapsed.TotalSeconds / epochFraction : 0;
        var remaining = Finished ? 0 : Math.Max(0, options.Epochs - CompletedEpochs - epochFraction);
        var last = History.Count > 0 ? History[^1] : null;
        var validated = last is not null && !double.IsNaN(last.ValidationAccuracy);
        return new TrainingProgress(kind, epoch, options.Epochs, batch, batches, loss,
            validated ? last!.ValidationAccuracy : null, validated ? last!.ValidationLoss : null,
            BestEpoch, elapsed, TimeSpan.FromSeconds(perEpoch * remaining));
    }
}
