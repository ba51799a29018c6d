using Xunit.Abstractions;
using MlNetSer.Data;
using MlNetSer.Models;
using MlNetSer.Training;

namespace MlNetSer.Tests.Training;

[Collection(TrainingCollection.Name)]
public sealed class SegmentTrainerTests(ITestOutputHelper output) : IDisposable
{
    // Threads is a process-wide libtorch setting: one thread is fastest for these tiny batches on a busy
    // machine, and the previous value is restored for the other tests.
    private readonly int _threadsBefore = TorchSharp.torch.get_num_threads();

    public void Dispose() => TorchSharp.torch.set_num_threads(_threadsBefore);

    private void Log(TrainingResult result)
    {
        foreach (var h in result.History)
            output.WriteLine($"epoch {h.Epoch}: train {h.TrainLoss:0.0000} val {h.ValidationLoss:0.0000} acc {h.ValidationAccuracy:0.000} epoch {h.EpochSeconds:0.000}s compute {h.ComputeSeconds:0.000}s ratio {h.InputOverhead:0.000} val {h.ValidationSeconds:0.000}s ckpt {h.CheckpointSeconds:0.000}s");
    }

    private static (SegmentDataset All, SegmentDataset Training, SegmentDataset Validation) ToySplit(int seed = 5)
    {
        var all = SegmentDataset.Create(ToySegments.Utterances(speakers: 6, utterancesPerSpeaker: 6, segmentsPerUtterance: 3, seed));
        var split = SpeakerSplit.HoldOut(all.Speakers, 1.0 / 3, seed);
        var (training, validation) = all.Split(split);
        return (all, training, validation);
    }

    private static TrainerOptions Options(int epochs, string? checkpoints = null, int seed = 11) => new()
    {
        Epochs = epochs,
        Seed = seed,
        Patience = 0,
        Threads = 1,
        CheckpointDirectory = checkpoints,
    };

    private static byte[] Weights(TrainingResult result) => SegmentTrainer.SaveState(result.Network);

    [Fact]
    public void LearnsASeparableToyProblemAndKeepsTheBestEpoch()
    {
        var (all, training, validation) = ToySplit();
        using var _ = all;
        var progress = new List<TrainingProgress>();
        using var network = new SegmentTrainer(Options(epochs: 6)).Train(ToySegments.SmallNetwork, training, validation, new SyncProgress<TrainingProgress>(progress.Add)).AsDisposable(out var result);

        Log(result);
        var best = result.Best;
        Assert.True(best.ValidationAccuracy >= 0.9, $"validation accuracy {best.ValidationAccuracy} on a separable two-class problem (chance 0.5)");
        Assert.Equal(6, result.History.Count);
        Assert.Equal(result.History.Max(h => h.ValidationAccuracy), best.ValidationAccuracy);

        // The returned network holds the kept epoch's weights: scoring it again gives that epoch's figures.
        var (accuracy, loss) = ValidationEvaluator.Evaluate(result.Network, validation, TorchSharp.torch.CPU, 256);
        Assert.Equal(best.ValidationAccuracy, accuracy);
        Assert.Equal(best.ValidationLoss, loss, 5);

        var batches = progress.Where(p => p.Kind == TrainingProgressKind.Batch).ToList();
        Assert.Equal(6 * batches[0].BatchesPerEpoch, batches.Count);
        Assert.All(result.History, h => Assert.True(h.ComputeSeconds > 0 && h.EpochSeconds >= h.ComputeSeconds));
        var epochs = progress.Where(p => p.Kind == TrainingProgressKind.Epoch).ToList();
        Assert.Equal(Enumerable.Range(1, 6), epochs.Select(p => p.Epoch));
        Assert.All(epochs, p => Assert.NotNull(p.ValidationAccuracy));
        Assert.Equal(TimeSpan.Zero, epochs[^1].Eta);
    }

    [Fact]
    public void TheSameSeedGivesIdenticalWeightsAndADifferentSeedDoesNot()
    {
        var (all, training, validation) = ToySplit();
        using var _ = all;
        using var first = new SegmentTrainer(Options(epochs: 2)).Train(ToySegments.SmallNetwork, training, validation).Network;
        using var second = new SegmentTrainer(Options(epochs: 2)).Train(ToySegments.SmallNetwork, training, validation).Network;
        using var other = new SegmentTrainer(Options(epochs: 2, seed: 12)).Train(ToySegments.SmallNetwork, training, validation).Network;

        Assert.Equal(SegmentTrainer.SaveState(first), SegmentTrainer.SaveState(second));
        Assert.NotEqual(SegmentTrainer.SaveState(first), SegmentTrainer.SaveState(other));
    }

    [Theory]
    [InlineData(TrainingOptimizer.Adam, 0.0)]
    [InlineData(TrainingOptimizer.SgdMomentum, 0.0)]
    [InlineData(TrainingOptimizer.Adam, 1.0)]
    public void AResumedRunEndsWithTheWeightsOfAnUninterruptedOne(TrainingOptimizer optimizer, double weightAverageHalfLife)
    {
        var (all, training, validation) = ToySplit();
        using var _ = all;
        using var folder = new TempDirectory();
        var straightOptions = Options(epochs: 4, folder.File("straight"));
        straightOptions.Optimizer = optimizer;
        straightOptions.WeightAverageHalfLife = weightAverageHalfLife;
        using var straight = new SegmentTrainer(straightOptions).Train(ToySegments.SmallNetwork, training, validation).AsDisposable(out var straightResult);

        var resumedOptions = Options(epochs: 4, folder.File("resumed"));
        resumedOptions.Optimizer = optimizer;
        resumedOptions.WeightAverageHalfLife = weightAverageHalfLife;
        using var cancellation = new CancellationTokenSource();
        var stopAfterSecondEpoch = new SyncProgress<TrainingProgress>(p =>
        {
            if (p.Kind == TrainingProgressKind.Epoch && p.Epoch == 2)
                cancellation.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new SegmentTrainer(resumedOptions).Train(ToySegments.SmallNetwork, training, validation, stopAfterSecondEpoch, cancellation.Token));

        using var resumed = new SegmentTrainer(resumedOptions).Train(ToySegments.SmallNetwork, training, validation).AsDisposable(out var resumedResult);
        Assert.Equal(2, resumedResult.ResumedFromEpoch);
        Assert.Equal(4, resumedResult.History.Count);
        Assert.Equal(straightResult.BestEpoch, resumedResult.BestEpoch);
        Assert.Equal(straightResult.History.Select(h => h.TrainLoss), resumedResult.History.Select(h => h.TrainLoss));
        Assert.Equal(straightResult.History.Select(h => h.ValidationLoss), resumedResult.History.Select(h => h.ValidationLoss));
        Assert.Equal(Weights(straightResult), Weights(resumedResult));

        // A finished run's checkpoint gives the same result again without training.
        using var again = new SegmentTrainer(resumedOptions).Train(ToySegments.SmallNetwork, training, validation).AsDisposable(out var againResult);
        Assert.Equal(4, againResult.ResumedFromEpoch);
        Assert.Equal(Weights(straightResult), Weights(againResult));
    }

    [Fact]
    public void AWeightAverage_IsWhatIsValidatedAndKept_WithoutChangingTheTrainingItself()
    {
        var (all, training, validation) = ToySplit();
        using var _ = all;
        using var plain = new SegmentTrainer(Options(epochs: 5)).Train(ToySegments.SmallNetwork, training, validation).AsDisposable(out var plainResult);
        var averagedOptions = Options(epochs: 5);
        averagedOptions.WeightAverageHalfLife = 1;
        using var averaged = new SegmentTrainer(averagedOptions).Train(ToySegments.SmallNetwork, training, validation).AsDisposable(out var averagedResult);
        Log(averagedResult);

        // The optimizer sees the same weights and batches either way: the training losses are the same to the bit.
        Assert.Equal(plainResult.History.Select(h => h.TrainLoss), averagedResult.History.Select(h => h.TrainLoss));
        // What is validated is another set of weights...
        Assert.NotEqual(plainResult.History.Select(h => h.ValidationLoss), averagedResult.History.Select(h => h.ValidationLoss));
        Assert.NotEqual(Weights(plainResult), Weights(averagedResult));
        // ...and it is the one kept: scoring the returned network again gives the kept epoch's validation figures.
        var (accuracy, loss) = ValidationEvaluator.Evaluate(averagedResult.Network, validation, TorchSharp.torch.CPU, 256);
        Assert.Equal(averagedResult.Best.ValidationAccuracy, accuracy);
        Assert.Equal(averagedResult.Best.ValidationLoss, loss, 5);
    }

    [Fact]
    public void ACheckpointWithoutAWeightAverageIsNotResumedWithOne()
    {
        var (all, training, validation) = ToySplit();
        using var _ = all;
        using var folder = new TempDirectory();
        new SegmentTrainer(Options(epochs: 1, folder.Path)).Train(ToySegments.SmallNetwork, training, validation).Network.Dispose();

        var averaged = Options(epochs: 2, folder.Path);
        averaged.WeightAverageHalfLife = 1;
        var error = Assert.Throws<TrainingCheckpointException>(() =>
            new SegmentTrainer(averaged).Train(ToySegments.SmallNetwork, training, validation));
        Assert.Contains("different run", error.Message);
    }

    [Fact]
    public void ACheckpointWrittenBeforeTheWeightAverageExisted_StillResumes()
    {
        var (all, training, validation) = ToySplit();
        using var _ = all;
        using var folder = new TempDirectory();
        using var first = new SegmentTrainer(Options(epochs: 2, folder.Path)).Train(ToySegments.SmallNetwork, training, validation).AsDisposable(out var firstResult);

        // The older layout had three blocks: drop the (empty) fourth and its length, and checksum the rest again.
        var path = Path.Combine(folder.Path, TrainingCheckpoint.FileName);
        var bytes = File.ReadAllBytes(path);
        var body = bytes[..^(32 + sizeof(long))];
        Assert.Equal(0L, BitConverter.ToInt64(bytes, body.Length));
        File.WriteAllBytes(path, [.. body, .. System.Security.Cryptography.SHA256.HashData(body)]);

        using var again = new SegmentTrainer(Options(epochs: 2, folder.Path)).Train(ToySegments.SmallNetwork, training, validation).AsDisposable(out var againResult);
        Assert.Equal(2, againResult.ResumedFromEpoch);
        Assert.Equal(Weights(firstResult), Weights(againResult));
    }

    [Fact]
    public void EarlyStoppingEndsPatienceEpochsAfterTheBestOne()
    {
        // Labels that do not follow the signal: validation accuracy cannot keep improving.
        var noisy = ToySegments.Utterances(6, 6, 3, seed: 9)
            .Select((u, i) => u with { Label = (i * 7 / 3) % 2 })
            .ToList();
        using var all = SegmentDataset.Create(noisy);
        var (training, validation) = all.Split(SpeakerSplit.HoldOut(all.Speakers, 1.0 / 3, 1));
        var options = Options(epochs: 40);
        options.Patience = 2;
        using var result = new SegmentTrainer(options).Train(ToySegments.SmallNetwork, training, validation).AsDisposable(out var run);

        Log(run);
        Assert.True(run.StoppedEarly, $"ran all {run.EpochsRun} epochs");
        Assert.Equal(run.BestEpoch + 2, run.EpochsRun);
        Assert.All(run.History.Skip(run.BestEpoch), h => Assert.True(
            h.ValidationAccuracy < run.Best.ValidationAccuracy
            || (h.ValidationAccuracy == run.Best.ValidationAccuracy && h.ValidationLoss >= run.Best.ValidationLoss)));
    }

    [Fact]
    public void SharedSpeakersAreRefused()
    {
        using var all = SegmentDataset.Create(ToySegments.Utterances(4, 4, 2, seed: 1));
        var training = all.WhereSpeakers(["spk0", "spk1", "spk2"]);
        var validation = all.WhereSpeakers(["spk2", "spk3"]);

        var error = Assert.Throws<ArgumentException>(() =>
            new SegmentTrainer(Options(epochs: 1)).Train(ToySegments.SmallNetwork, training, validation));
        Assert.Contains("spk2", error.Message);
        Assert.Contains("shares 1 speaker", error.Message);
    }

    [Fact]
    public void ACheckpointOfAnotherRunIsRefused()
    {
        var (all, training, validation) = ToySplit();
        using var _ = all;
        using var folder = new TempDirectory();
        new SegmentTrainer(Options(epochs: 1, folder.Path, seed: 1)).Train(ToySegments.SmallNetwork, training, validation).Network.Dispose();

        var error = Assert.Throws<TrainingCheckpointException>(() =>
            new SegmentTrainer(Options(epochs: 1, folder.Path, seed: 2)).Train(ToySegments.SmallNetwork, training, validation));
        Assert.Contains("different run", error.Message);
        Assert.Contains(TrainingCheckpoint.FileName, error.Message);

        // Other data, same seed: refused as well.
        var fewer = training.WhereSpeakers(training.Speakers.Skip(1));
        Assert.Throws<TrainingCheckpointException>(() =>
            new SegmentTrainer(Options(epochs: 1, folder.Path, seed: 1)).Train(ToySegments.SmallNetwork, fewer, validation));
    }

    [Fact]
    public void ATruncatedOrCorruptCheckpointIsReportedNotLoaded()
    {
        var (all, training, validation) = ToySplit();
        using var _ = all;
        using var folder = new TempDirectory();
        new SegmentTrainer(Options(epochs: 1, folder.Path)).Train(ToySegments.SmallNetwork, training, validation).Network.Dispose();
        var path = Path.Combine(folder.Path, TrainingCheckpoint.FileName);
        var bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var truncated = Assert.Throws<TrainingCheckpointException>(() =>
            new SegmentTrainer(Options(epochs: 2, folder.Path)).Train(ToySegments.SmallNetwork, training, validation));
        Assert.Contains("truncated or corrupt", truncated.Message);

        bytes[bytes.Length / 3] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        Assert.Throws<TrainingCheckpointException>(() =>
            new SegmentTrainer(Options(epochs: 2, folder.Path)).Train(ToySegments.SmallNetwork, training, validation));

        File.WriteAllText(path, "not a checkpoint");
        var garbage = Assert.Throws<TrainingCheckpointException>(() =>
            new SegmentTrainer(Options(epochs: 2, folder.Path)).Train(ToySegments.SmallNetwork, training, validation));
        Assert.Contains("not an MlNetSer training checkpoint", garbage.Message);
    }

    [Fact]
    public void ANetworkOfAnotherShapeOrTooFewClassesIsRefused()
    {
        var (all, training, validation) = ToySplit();
        using var _ = all;
        var trainer = new SegmentTrainer(Options(epochs: 1));
        var shape = Assert.Throws<ArgumentException>(() =>
            trainer.Train(() => new Cnn1d(new Cnn1dOptions { Classes = 2, SegmentLength = 25, Hidden1 = 8, Hidden2 = 8 }), training, validation));
        Assert.Contains("[1, 25]", shape.Message);
        Assert.Throws<ArgumentException>(() => new SegmentTrainer(new TrainerOptions { BatchSize = 1 }).Train(ToySegments.SmallNetwork, training, validation));
    }

    [Fact]
    public void BatchPlanCoversEverySegmentAndNeverLeavesABatchOfOne()
    {
        Assert.Equal([(0, 30), (30, 30), (60, 31)], SegmentTrainer.BatchPlan(91, 30));
        Assert.Equal([(0, 30), (30, 2)], SegmentTrainer.BatchPlan(32, 30));
        Assert.Equal([(0, 5)], SegmentTrainer.BatchPlan(5, 30));
    }
}

internal static class TrainingResultExtensions
{
    /// <summary>Lets a test hold the result and dispose its network with one using statement.</summary>
    public static SerNetwork AsDisposable(this TrainingResult result, out TrainingResult held)
    {
        held = result;
        return result.Network;
    }
}
