using MlNetSer.Platform;

namespace MlNetSer.Training;

/// <summary>
/// Options of <see cref="SegmentTrainer"/>. The defaults follow the paper's §3.1 (softmax cross-entropy,
/// mini-batch 30, learning rate 0.001, up to 300 epochs); the optimizer (Adam) and early stopping on a
/// speaker-disjoint validation set (patience 20 epochs) are ours.
/// </summary>
public sealed class TrainerOptions
{
    /// <summary>Maximum number of epochs (default 300, the paper's).</summary>
    public int Epochs { get; set; } = 300;

    /// <summary>Segments per mini-batch (default 30, the paper's).</summary>
    public int BatchSize { get; set; } = 30;

    /// <summary>Learning rate (default 0.001, the paper's).</summary>
    public double LearningRate { get; set; } = 0.001;

    /// <summary>The optimizer (default <see cref="TrainingOptimizer.Adam"/>; the paper does not say which it used).</summary>
    public TrainingOptimizer Optimizer { get; set; } = TrainingOptimizer.Adam;

    /// <summary>Momentum of <see cref="TrainingOptimizer.SgdMomentum"/> (default 0.9; ignored by Adam).</summary>
    public double Momentum { get; set; } = 0.9;

    /// <summary>
    /// Early stopping: training ends when the validation metric has not improved for this many epochs
    /// (default 20). 0 disables early stopping. Without a validation set there is no early stopping.
    /// </summary>
    public int Patience { get; set; } = 20;

    /// <summary>What the best epoch is chosen by on the validation set (default <see cref="Training.EarlyStoppingMetric.Accuracy"/>).</summary>
    public EarlyStoppingMetric EarlyStoppingMetric { get; set; } = EarlyStoppingMetric.Accuracy;

    /// <summary>
    /// Seed of everything random in a run: weight initialisation, the per-epoch shuffle and dropout
    /// (default 0). The same data, options and seed give the same model on the same machine.
    /// </summary>
    public int Seed { get; set; }

    /// <summary>
    /// Threads libtorch may use (<c>torch.set_num_threads</c>; a process-wide setting). Default 0 leaves
    /// libtorch's own choice. Results are reproducible for a fixed thread count.
    /// </summary>
    public int Threads { get; set; }

    /// <summary>
    /// Device to train on (default <see cref="SerDevice.Auto"/>: CUDA device 0 when TorchSharp and ONNX Runtime can both
    /// use it, else the CPU; see <see cref="SerDevice"/>). A CUDA device that cannot be used makes
    /// <see cref="SegmentTrainer.Train"/> throw <see cref="SerDeviceUnavailableException"/>. Not part of the run's
    /// identity: a checkpoint written on one device resumes on another (results then differ in the last bits).
    /// </summary>
    public SerDevice Device { get; set; }

    /// <summary>
    /// Folder of the checkpoint written atomically after every epoch (default null: no checkpoint).
    /// A run started again with the same data, options and seed resumes from it and ends with the same
    /// weights as an uninterrupted run. A checkpoint of a different run, or a corrupt or truncated one, is
    /// not silently replaced: <see cref="SegmentTrainer.Train"/> throws <see cref="TrainingCheckpointException"/>
    /// saying so, and the user deletes it or picks another folder. One run per folder at a time.
    /// </summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>
    /// How the input normalisation of the 2D and 3D networks is set from the training segments (default
    /// <see cref="InputNormalizationMode.PerChannelAndBand"/>); networks without one (the 1D CNN) ignore it.
    /// </summary>
    public InputNormalizationMode InputNormalization { get; set; } = InputNormalizationMode.PerChannelAndBand;

    /// <summary>
    /// Whether the 2D and 3D networks remove each segment's recording level (the mean of its log-Mel power) before the
    /// normalisation (default true; see <see cref="Models.InputNormalization.CentresLevel"/>).
    /// </summary>
    public bool CentreInputLevel { get; set; } = true;

    /// <summary>
    /// Half-life, in epochs, of an exponential moving average of the weights (default 0: none, the paper's). When
    /// positive, validation, early stopping and the returned network use the average of the weights over the last few
    /// epochs (a step's weight in it halves every this many epochs) instead of the last step's weights, which damps the
    /// epoch-to-epoch swings of a network trained from scratch on little data (see <see cref="WeightAverage"/>).
    /// </summary>
    public double WeightAverageHalfLife { get; set; }

    /// <summary>Segments per forward pass when scoring the validation set (default 256; no effect on results).</summary>
    public int EvaluationBatchSize { get; set; } = 256;

    /// <summary>Whether <paramref name="halfLife"/> is a valid <see cref="WeightAverageHalfLife"/>: 0 (off) or a positive finite number.</summary>
    public static bool IsWeightAverageHalfLife(double halfLife) => halfLife >= 0 && !double.IsInfinity(halfLife);

    /// <summary>A copy of these options that trains on <paramref name="device"/>.</summary>
    internal TrainerOptions OnDevice(SerDevice device)
    {
        var copy = (TrainerOptions)MemberwiseClone();
        copy.Device = device;
        return copy;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Epochs < 1)
            throw new ArgumentException($"Epochs must be at least 1 (got {Epochs}).", nameof(Epochs));
        if (BatchSize < 2)
            throw new ArgumentException($"BatchSize must be at least 2, since batch normalisation needs two samples (got {BatchSize}).", nameof(BatchSize));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentException($"LearningRate must be a positive number (got {LearningRate}).", nameof(LearningRate));
        if (!Enum.IsDefined(Optimizer))
            throw new ArgumentException($"Unknown optimizer {Optimizer}.", nameof(Optimizer));
        if (Momentum is < 0 or >= 1 || double.IsNaN(Momentum))
            throw new ArgumentException($"Momentum must be in [0, 1) (got {Momentum}).", nameof(Momentum));
        if (Patience < 0)
            throw new ArgumentException($"Patience must be 0 (off) or positive (got {Patience}).", nameof(Patience));
        if (Threads < 0)
            throw new ArgumentException($"Threads must be 0 (libtorch's choice) or positive (got {Threads}).", nameof(Threads));
        if (!Enum.IsDefined(EarlyStoppingMetric))
            throw new ArgumentException($"Unknown EarlyStoppingMetric {EarlyStoppingMetric}.", nameof(EarlyStoppingMetric));
        if (!Enum.IsDefined(InputNormalization))
            throw new ArgumentException($"Unknown InputNormalization {InputNormalization}.", nameof(InputNormalization));
        if (!IsWeightAverageHalfLife(WeightAverageHalfLife))
            throw new ArgumentException($"WeightAverageHalfLife must be 0 (off) or a positive number of epochs (got {WeightAverageHalfLife}).", nameof(WeightAverageHalfLife));
        if (EvaluationBatchSize < 1)
            throw new ArgumentException($"EvaluationBatchSize must be positive (got {EvaluationBatchSize}).", nameof(EvaluationBatchSize));
    }
}
