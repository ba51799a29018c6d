using MlNetSer.Features;
using MlNetSer.Fusion;
using MlNetSer.Models;
using MlNetSer.Training;
using MlNetSer.Transforms;

namespace MlNetSer.Pipeline;

/// <summary>Options of <see cref="SerPipelineTrainer"/>: which networks, how to train them and how to fuse them.</summary>
public sealed class SerPipelineOptions
{
    /// <summary>Epochs of <see cref="SerPipelinePreset.Fast"/>.</summary>
    public const int FastEpochs = 15;

    /// <summary>Early-stopping patience of <see cref="SerPipelinePreset.Fast"/>.</summary>
    public const int FastPatience = 5;

    /// <summary>The networks to train, a non-empty subset of <c>1d</c>, <c>2d</c>, <c>3d</c> (default all three, the paper's).</summary>
    public IReadOnlyList<string> Networks { get; set; } = SerColumns.NetworkNames;

    /// <summary>The 2D network: <see cref="NetworkKind.AlexNet2d"/> (default, the paper's) or <see cref="NetworkKind.Resnet18"/>.</summary>
    public NetworkKind Backbone { get; set; } = NetworkKind.AlexNet2d;

    /// <summary>
    /// Training preset (default <see cref="SerPipelinePreset.Paper"/>: 300 epochs, patience 20, AlexNet at 227 and
    /// ResNet-18 at 224). <see cref="SerPipelinePreset.Fast"/>: <see cref="FastEpochs"/> epochs, patience
    /// <see cref="FastPatience"/>, ResNet-18 at the 64×64 segment size (AlexNet stays at 227, see <see cref="SerPipelinePreset.Fast"/>).
    /// </summary>
    public SerPipelinePreset Preset { get; set; } = SerPipelinePreset.Paper;

    /// <summary>Maximum epochs, overriding the preset's (default null: the preset's).</summary>
    public int? Epochs { get; set; }

    /// <summary>Seed of training, of the networks' validation split and of the feature-fusion trainer (default 0).</summary>
    public int Seed { get; set; }

    /// <summary>TorchSharp threads for training (default 0: TorchSharp's default).</summary>
    public int Threads { get; set; }

    /// <summary>Options of the three input tensors (default: the paper's). Audio is decoded at <c>Mel.SampleRate</c>.</summary>
    public FeatureOptions Features { get; set; } = new();

    /// <summary>
    /// Share of the training speakers each network holds out for early stopping (default 0.2; 0 trains on all
    /// of them for the full epoch count). The score-fusion weights are chosen on the separate validation data.
    /// </summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>Folder into which each trained network's ONNX model is copied as <c>&lt;network&gt;.onnx</c> (default null: none).</summary>
    public string? OnnxDirectory { get; set; }

    /// <summary>
    /// Feature-level fusion options: classifier, normalisation, SVM settings (default: linear SVM on mean-variance
    /// normalised features). Its column names and seed are set by the trainer.
    /// </summary>
    public FeatureFusionOptions FeatureFusion { get; set; } = new();

    /// <summary>
    /// How the score-fusion weights are chosen (default <see cref="ScoreFusionMode.Validation"/>: on the validation
    /// data given to <c>Fit</c>; <see cref="ScoreFusionMode.Oracle"/> labels the model as tuned on reported data).
    /// </summary>
    public ScoreFusionMode ScoreFusionMode { get; set; } = ScoreFusionMode.Validation;

    /// <summary>Whether ResNet-18 starts from the ImageNet weights (default true; see <see cref="SerNetworkOptions.PretrainedResnet18"/>).</summary>
    public bool PretrainedResnet18 { get; set; } = true;

    /// <summary>
    /// The class names in score order (default null: the sorted labels of the training and validation data). Give the
    /// whole manifest's sorted label list (<c>SerManifest.Labels</c>) so that a class seen only in test data keeps its slot.
    /// </summary>
    public IReadOnlyList<string>? Labels { get; set; }

    /// <summary>Receives each network's training progress (default null).</summary>
    public IProgress<SerPipelineProgress>? Progress { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Networks is not { Count: > 0 })
            throw new ArgumentException("Networks must name at least one of 1d, 2d, 3d.", nameof(Networks));
        foreach (var network in Networks)
            _ = SerColumns.ScoreOf(network);
        if (Networks.Distinct().Count() != Networks.Count)
            throw new ArgumentException($"Networks has a duplicate: {string.Join(", ", Networks)}.", nameof(Networks));
        if (Backbone is not (NetworkKind.AlexNet2d or NetworkKind.Resnet18))
            throw new ArgumentException($"Backbone must be AlexNet2d or Resnet18 (got {Backbone}).", nameof(Backbone));
        if (!Enum.IsDefined(Preset))
            throw new ArgumentException($"Unknown Preset {Preset}.", nameof(Preset));
        if (Epochs is < 1)
            throw new ArgumentException($"Epochs must be at least 1 (got {Epochs}).", nameof(Epochs));
        if (Threads < 0)
            throw new ArgumentException($"Threads must be 0 (default) or positive (got {Threads}).", nameof(Threads));
        if (ValidationFraction is < 0 or >= 1 || double.IsNaN(ValidationFraction))
            throw new ArgumentException($"ValidationFraction must be in [0, 1) (got {ValidationFraction}).", nameof(ValidationFraction));
        if (OnnxDirectory is { Length: 0 })
            throw new ArgumentException("OnnxDirectory must be null or a folder.", nameof(OnnxDirectory));
        if (!Enum.IsDefined(ScoreFusionMode) || ScoreFusionMode == ScoreFusionMode.Fixed)
            throw new ArgumentException($"ScoreFusionMode must be Validation or Oracle (got {ScoreFusionMode}).", nameof(ScoreFusionMode));
        if (Labels is not null && (Labels.Count < 2 || Labels.Any(string.IsNullOrEmpty) || Labels.Distinct(StringComparer.Ordinal).Count() != Labels.Count))
            throw new ArgumentException($"Labels must be null or at least two distinct non-empty class names (got {string.Join(", ", Labels)}).", nameof(Labels));
        ArgumentNullException.ThrowIfNull(Features, nameof(Features));
        Features.Validate();
        ArgumentNullException.ThrowIfNull(FeatureFusion, nameof(FeatureFusion));
    }

    /// <summary>The training options of every network: the preset's, with <see cref="Epochs"/>, seed and threads applied.</summary>
    public TrainerOptions TrainerOptions()
    {
        var options = new TrainerOptions { Seed = Seed, Threads = Threads };
        if (Preset == SerPipelinePreset.Fast)
        {
            options.Epochs = FastEpochs;
            options.Patience = FastPatience;
        }

        if (Epochs is { } epochs)
            options.Epochs = epochs;
        return options;
    }

    /// <summary>The options of <see cref="SerNetworkEstimator"/> for <paramref name="network"/>, with the conventional column names.</summary>
    /// <param name="network"><c>1d</c>, <c>2d</c> or <c>3d</c>.</param>
    public SerNetworkOptions NetworkOptions(string network)
    {
        var options = new SerNetworkOptions
        {
            Network = network switch { "1d" => NetworkKind.Cnn1d, "2d" => Backbone, _ => NetworkKind.Cnn3d },
            SegmentColumnName = SegmentColumnOf(network),
            LabelColumnName = SerColumns.Label,
            SpeakerColumnName = SerColumns.Speaker,
            ScoreColumnName = SerColumns.ScoreOf(network),
            FeaturesColumnName = SerColumns.FeaturesOf(network),
            Trainer = TrainerOptions(),
            ValidationFraction = ValidationFraction,
            PretrainedResnet18 = PretrainedResnet18,
        };
        options.AlexNet2d.InputHeight = options.Resnet18.InputHeight = Features.Mel.MelBands;
        options.AlexNet2d.InputWidth = options.Resnet18.InputWidth = Features.Mel.SegmentFrames;
        options.Cnn1d.SegmentLength = Features.Waveform.SegmentLength;
        options.Cnn3d.Depth = Features.Clip.Depth;
        options.Cnn3d.Height = Features.Mel.MelBands;
        options.Cnn3d.Width = Features.Mel.SegmentFrames;
        // AlexNet keeps 227 in every preset: its adaptive 6×6 pool is exported to ONNX only from a multiple
        // of 6, which needs an input of at least 223. ResNet-18 ends in a global pool and takes any size.
        if (Preset == SerPipelinePreset.Fast)
            options.Resnet18.InputSize = Math.Max(Features.Mel.MelBands, Features.Mel.SegmentFrames);

        return options;
    }

    /// <summary>The segments column network <paramref name="network"/> reads.</summary>
    internal static string SegmentColumnOf(string network)
        => network switch { "1d" => SerColumns.Waveform, "2d" => SerColumns.Mel, _ => SerColumns.Clips };
}
