using System.Diagnostics;
using MlNetSer.Models;
using MlNetSer.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetSer.Training;

/// <summary>
/// Trains a <see cref="SerNetwork"/> on labelled segments (paper §3.1): softmax cross-entropy on
/// mini-batches of segments, each labelled with its utterance's class, with early stopping on a
/// speaker-disjoint validation set scored at the utterance level. Resumable from a checkpoint written
/// after every epoch, with the same final weights as an uninterrupted run.
/// </summary>
/// <remarks>
/// Reproducibility: weight initialisation runs under <c>torch.manual_seed(Seed)</c>; each epoch first
/// calls <c>torch.manual_seed</c> with a value derived from (seed, epoch) (dropout) and shuffles with a
/// <see cref="Random"/> seeded the same way, so epoch k is the same whether or not the run was resumed
/// before it. The random state of libtorch is process-wide: do not train two networks concurrently in
/// one process if they must be reproducible.
/// </remarks>
public sealed class SegmentTrainer
{
    /// <summary>Creates a trainer.</summary>
    /// <param name="options">Options (the defaults of <see cref="TrainerOptions"/> when null).</param>
    public SegmentTrainer(TrainerOptions? options = null)
    {
        Options = options ?? new TrainerOptions();
    }

    /// <summary>The options in use.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The device training will use: <see cref="TrainerOptions.Device"/>, resolved (<see cref="SerDevice.Resolve"/>).</summary>
    /// <exception cref="SerDeviceUnavailableException">A CUDA device was asked for and cannot be used.</exception>
    public SerDevice ResolveDevice() => Options.Device.Resolve();

    /// <summary>
    /// Trains a network, resuming from <see cref="TrainerOptions.CheckpointDirectory"/> when it holds a
    /// checkpoint of this same run.
    /// </summary>
    /// <param name="createNetwork">
    /// Creates the untrained network; it is called under <c>torch.manual_seed(Seed)</c> so random
    /// initialisation is reproducible. Pretrained weights may be loaded inside it.
    /// </param>
    /// <param name="training">Training segments.</param>
    /// <param name="validation">Validation segments of other speakers, or null (then no early stopping and the last epoch is kept).</param>
    /// <param name="progress">Receives batch and epoch reports synchronously on the training thread.</param>
    /// <param name="cancellationToken">Stops training before the next batch; the last epoch's checkpoint stays usable.</param>
    /// <returns>
    /// The network with the best epoch's weights (with <see cref="TrainerOptions.WeightAverageHalfLife"/>, that epoch's
    /// weight average; on the CPU, in eval mode) and the run's history.
    /// </returns>
    /// <exception cref="ArgumentException">Invalid options, shapes or labels, or speakers shared by the two sets.</exception>
    /// <exception cref="TrainingCheckpointException">The checkpoint is corrupt or belongs to a different run.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public TrainingResult Train(
        Func<SerNetwork> createNetwork,
        SegmentDataset training,
        SegmentDataset? validation,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(createNetwork);
        ArgumentNullException.ThrowIfNull(training);
        Options.Validate();
        if (training.SegmentCount < 2)
            throw new ArgumentException($"Training needs at least two segments (got {training.SegmentCount}).", nameof(training));
        if (validation is not null)
        {
            if (validation.Utterances.Count == 0)
                throw new ArgumentException("The validation set is empty; pass null to train without one.", nameof(validation));
            SegmentDataset.EnsureSpeakerDisjoint(training, validation);
        }

        if (Options.Threads > 0)
            set_num_threads(Options.Threads);
        var trainedOn = ResolveDevice();
        var device = trainedOn.ToTorchDevice();

        random.manual_seed(Options.Seed);
        var network = createNetwork() ?? throw new ArgumentException("createNetwork returned null.", nameof(createNetwork));
        try
        {
            CheckCompatible(network, training, nameof(training));
            if (validation is not null)
                CheckCompatible(network, validation, nameof(validation));
            if (network.Normalization is { } normalization)
            {
                normalization.CentresLevel = Options.CentreInputLevel;
                if (Options.InputNormalization != InputNormalizationMode.None)
                {
                    var statistics = InputStatistics.Compute(training, normalization.CellShape, Options.InputNormalization, Options.CentreInputLevel);
                    normalization.SetStatistics(statistics.Mean, statistics.StandardDeviation);
                }
            }

            var fingerprint = TrainingFingerprint.Compute(network, SaveState(network), Options, training, validation);
            network.to(device);
            using var optimizer = CreateOptimizer(network);
            var stepsPerEpoch = BatchPlan(training.SegmentCount, Options.BatchSize).Count;
            using var average = Options.WeightAverageHalfLife > 0 ? new WeightAverage(network, Options.WeightAverageHalfLife, stepsPerEpoch) : null;
            var run = new RunState(fingerprint);
            var resumedFrom = 0;
            if (Options.CheckpointDirectory is { } directory && TrainingCheckpoint.Read(directory) is { } checkpoint)
            {
                resumedFrom = Restore(checkpoint, network, optimizer, average, run, directory);
                if (average is not null)
                    average.Updates = (long)resumedFrom * stepsPerEpoch;
                progress?.Report(run.Report(TrainingProgressKind.Resumed, Options, resumedFrom, 0, 0, double.NaN, TimeSpan.Zero));
            }

            while (!run.Finished)
            {
                RunEpoch(network, optimizer, average, training, validation, device, run, progress, cancellationToken);
            }

            LoadState(network, run.BestWeights!);
            network.cpu();
            network.eval();
            progress?.Report(run.Report(TrainingProgressKind.Completed, Options, run.CompletedEpochs, 0, 0, run.History[^1].TrainLoss, TimeSpan.Zero));
            return new TrainingResult(network, run.BestEpoch, run.CompletedEpochs, run.StoppedEarly, resumedFrom, trainedOn, run.History.ToArray());
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private void RunEpoch(
        SerNetwork network,
        optim.Optimizer optimizer,
        WeightAverage? average,
        SegmentDataset training,
        SegmentDataset? validation,
        Device device,
        RunState run,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        var epoch = run.CompletedEpochs; // 0-based index of the epoch about to run
        random.manual_seed(EpochRandom.TorchSeed(Options.Seed, epoch));
        var order = EpochRandom.Permutation(training.SegmentCount, Options.Seed, epoch);
        var batches = BatchPlan(training.SegmentCount, Options.BatchSize);
        var segmentShape = training.SegmentShape.ToArray();
        using var prefetcher = new BatchPrefetcher(training, order, batches);

        network.train();
        var wall = Stopwatch.StartNew();
        var compute = new Stopwatch();
        var lossSum = 0.0;
        for (var b = 0; b < batches.Count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var buffer = prefetcher.Take(b);

            float loss;
            using (NewDisposeScope())
            {
                var (input, target) = BatchPrefetcher.ToTensors(buffer, segmentShape, device);
                compute.Start();
                optimizer.zero_grad();
                var output = nn.functional.cross_entropy(network.forward(input), target);
                output.backward();
                optimizer.step();
                average?.Update();
                loss = output.item<float>();
                compute.Stop();
            }

            if (!float.IsFinite(loss))
                throw new InvalidOperationException($"The training loss became {loss} in epoch {epoch + 1}, batch {b + 1}; try a lower learning rate.");
            lossSum += loss;
            progress?.Report(run.Report(TrainingProgressKind.Batch, Options, epoch + 1, b + 1, batches.Count, loss,
                wall.Elapsed, (double)(b + 1) / batches.Count));
        }

        wall.Stop();
        var trainLoss = lossSum / batches.Count;

        // Validation, early stopping and the kept weights see the average; training goes on from the trained weights.
        average?.Swap();
        var validationWatch = Stopwatch.StartNew();
        double accuracy, validationLoss;
        try
        {
            (accuracy, validationLoss) = validation is null
                ? (double.NaN, double.NaN)
                : ValidationEvaluator.Evaluate(network, validation, device, Options.EvaluationBatchSize);
            validationWatch.Stop();
            run.CompleteEpoch(network, Options, trainLoss, accuracy, validationLoss, validation is not null);
        }
        finally
        {
            average?.Swap();
        }

        var statistics = new EpochStatistics(epoch + 1, trainLoss, validationLoss, accuracy,
            wall.Elapsed.TotalSeconds, compute.Elapsed.TotalSeconds, validationWatch.Elapsed.TotalSeconds, CheckpointSeconds: 0);
        run.History.Add(statistics);
        if (Options.CheckpointDirectory is { } directory)
        {
            // The checkpoint cannot contain the time of its own writing: it holds 0 for this epoch and the
            // next checkpoint carries the measured value. Results never depend on timings.
            var checkpointWatch = Stopwatch.StartNew();
            run.ToCheckpoint(network, optimizer, average).Write(directory);
            run.History[^1] = statistics with { CheckpointSeconds = checkpointWatch.Elapsed.TotalSeconds };
        }

        progress?.Report(run.Report(TrainingProgressKind.Epoch, Options, epoch + 1, batches.Count, batches.Count, trainLoss, TimeSpan.Zero));
    }

    private optim.Optimizer CreateOptimizer(SerNetwork network) => Options.Optimizer switch
    {
        TrainingOptimizer.Adam => optim.Adam(network.parameters(), lr: Options.LearningRate),
        TrainingOptimizer.SgdMomentum => optim.SGD(network.parameters(), Options.LearningRate, Options.Momentum),
        _ => throw new ArgumentOutOfRangeException(nameof(Options), Options.Optimizer, "Unknown optimizer."),
    };

    private int Restore(TrainingCheckpoint checkpoint, SerNetwork network, optim.Optimizer optimizer, WeightAverage? average, RunState run, string directory)
    {
        var path = TrainingCheckpoint.PathIn(directory);
        if (checkpoint.Header.Fingerprint != run.Fingerprint)
        {
            throw new TrainingCheckpointException(path,
                $"the checkpoint belongs to a different run (fingerprint {checkpoint.Header.Fingerprint[..12]}…, this run {run.Fingerprint[..12]}…): "
                + "the data, network, options or seed differ. Use another checkpoint folder, or delete this checkpoint to start over.");
        }

        try
        {
            LoadState(network, checkpoint.Weights);
            using var reader = new BinaryReader(new MemoryStream(checkpoint.OptimizerState));
            ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(reader);
            if (average is not null)
                average.Load(network, checkpoint.AverageWeights);
        }
        catch (Exception e) when (e is not TrainingCheckpointException)
        {
            throw new TrainingCheckpointException(path, $"the checkpoint's weights or optimizer state cannot be loaded ({e.Message}).", e);
        }

        run.Restore(checkpoint);
        return run.CompletedEpochs;
    }

    private static void CheckCompatible(SerNetwork network, SegmentDataset data, string parameterName)
    {
        if (!network.InputShape.SequenceEqual(data.SegmentShape))
        {
            throw new ArgumentException(
                $"{network.Name} expects segments of shape [{string.Join(", ", network.InputShape)}] but the {parameterName} set has [{string.Join(", ", data.SegmentShape)}].",
                parameterName);
        }

        var bad = data.Utterances.FirstOrDefault(u => u.Label >= network.Classes);
        if (bad is not null)
        {
            throw new ArgumentException(
                $"Utterance '{bad.Id}' has label {bad.Label} but {network.Name} has only {network.Classes} classes.", parameterName);
        }
    }

    /// <summary>
    /// Mini-batches as (start, count) over the shuffled order; with <paramref name="joinLastSingle"/> a last batch of one
    /// joins the one before (batch norm in training mode needs two).
    /// </summary>
    internal static List<(int Start, int Count)> BatchPlan(int segments, int batchSize, bool joinLastSingle = true)
    {
        var plan = new List<(int Start, int Count)>();
        for (var start = 0; start < segments; start += batchSize)
            plan.Add((start, Math.Min(batchSize, segments - start)));
        if (joinLastSingle && plan.Count > 1 && plan[^1].Count == 1)
        {
            plan[^2] = (plan[^2].Start, plan[^2].Count + 1);
            plan.RemoveAt(plan.Count - 1);
        }

        return plan;
    }

    internal static byte[] SaveState(SerNetwork network)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            network.save(writer);
        return stream.ToArray();
    }

    internal static void LoadState(SerNetwork network, byte[] state)
    {
        using var reader = new BinaryReader(new MemoryStream(state));
        network.load(reader);
    }

    internal static byte[] SaveOptimizer(optim.Optimizer optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
        return stream.ToArray();
    }
}
