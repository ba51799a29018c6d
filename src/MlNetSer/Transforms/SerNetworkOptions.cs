using MlNetSer.Models;
using MlNetSer.Platform;
using MlNetSer.Training;

namespace MlNetSer.Transforms;

/// <summary>
/// Options of <see cref="SerNetworkEstimator"/>: which network to train, on which columns, how to train
/// it (<see cref="TrainerOptions"/>, passed through unchanged) and how to score it with ONNX Runtime.
/// </summary>
public sealed class SerNetworkOptions
{
    /// <summary>Which network to train (default <see cref="NetworkKind.Cnn1d"/>). For the 2D network this is also the backbone, one of <see cref="Models.Backbone2d.Kinds"/>.</summary>
    public NetworkKind Network { get; set; } = NetworkKind.Cnn1d;

    /// <summary>
    /// The segments column: a vector of Single holding one utterance's [N, ..segment shape] tensor flattened
    /// (e.g. made by <c>SerWaveformSegments</c>, <c>SerMelSegments</c> or <c>SerMelClips</c>). Default <c>Waveform</c>.
    /// </summary>
    public string SegmentColumnName { get; set; } = "Waveform";

    /// <summary>
    /// The label column: a scalar key (e.g. made by <c>MapValueToKey</c>); class index = key value − 1, the
    /// class names are the key values (default <c>Label</c>). Rows with a missing key are not trained on.
    /// </summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>
    /// Optional text column of speaker identities (default null). The validation set for early stopping holds
    /// out whole speakers; without this column every utterance counts as its own speaker.
    /// </summary>
    public string? SpeakerColumnName { get; set; }

    /// <summary>The utterance scores column produced: mean segment softmax, a vector of Single of size C (default <c>Score</c>).</summary>
    public string ScoreColumnName { get; set; } = "Score";

    /// <summary>The utterance features column produced: mean last hidden FC layer, a vector of Single of size F (default <c>Features</c>).</summary>
    public string FeaturesColumnName { get; set; } = "Features";

    /// <summary>Options of the 1D CNN (<see cref="Cnn1dOptions.Classes"/> is set from the label column).</summary>
    public Cnn1dOptions Cnn1d { get; set; } = new();

    /// <summary>Options of the 2D network's backbone, whichever <see cref="Network"/> names (<see cref="Backbone2dOptions.Classes"/> is set from the label column).</summary>
    public Backbone2dOptions Backbone2d { get; set; } = new();

    /// <summary>Options of the 3D CNN (<see cref="Cnn3dOptions.Classes"/> is set from the label column).</summary>
    public Cnn3dOptions Cnn3d { get; set; } = new();

    /// <summary>
    /// Whether ResNet-18 starts from the ImageNet weights of the package Microsoft.ML.DnnImageFeaturizer.ResNet18
    /// (default true; its model file must be in the application's output folder).
    /// </summary>
    public bool PretrainedResnet18 { get; set; } = true;

    /// <summary>
    /// A PyTorch state dict (<c>.pt</c>, <c>.pth</c>, <c>.safetensors</c>) the network starts from, e.g. torchvision's
    /// ImageNet AlexNet, VGG-16 or ResNet-50 for those backbones (default null; <see cref="Models.Backbone2d.TorchvisionWeightsUrl"/>). Loaded with
    /// <see cref="PretrainedWeights.LoadStateDict"/>: the classification head stays fresh and every layer is fine-tuned.
    /// For ResNet-18 it replaces the built-in ImageNet weights (<see cref="PretrainedResnet18"/>).
    /// </summary>
    public string? InitialWeights { get; set; }

    /// <summary>Training options (default: the paper's, see <see cref="TrainerOptions"/>); passed to <see cref="SegmentTrainer"/> as they are.</summary>
    public TrainerOptions Trainer { get; set; } = new();

    /// <summary>
    /// Share of speakers held out as the validation set for early stopping when <c>Fit</c> is given no validation set
    /// (default 0.2; the split is seeded by <see cref="TrainerOptions.Seed"/>). 0 trains on everything without early
    /// stopping, as does a data set with a single speaker.
    /// </summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>
    /// Where the network trains (TorchSharp) and scores (ONNX Runtime's <c>gpuDeviceId</c>) (default
    /// <see cref="SerDevice.Auto"/>: CUDA device 0 when both libraries can use it, else the CPU). Resolved once per
    /// <c>Fit</c>, so training and scoring use the same device; the result's <see cref="TrainingResult.Device"/> says
    /// which. <see cref="TrainerOptions.Device"/> of <see cref="Trainer"/> must be left at its default or equal this.
    /// The device is not saved in the model: a loaded model scores where its <c>MLContext</c> says (<see cref="SerDevice.ApplyTo"/>).
    /// </summary>
    public SerDevice Device { get; set; }

    /// <summary>
    /// The options the segments were made with (default: the paper's), recorded in the ONNX model's metadata
    /// (<c>feature_options</c>) so that the model file describes its input. Set it when the segments column was made
    /// with other options.
    /// </summary>
    public Features.FeatureOptions Features { get; set; } = new();

    /// <summary>
    /// How the segments' probabilities become the utterance scores (default <see cref="SegmentAggregation.Mean"/>, the
    /// paper's: the exported network's own <c>utt_probs</c>; otherwise <see cref="SerAggregateSegmentsEstimator"/> on its
    /// <c>seg_probs</c>). Training is the same either way: each segment carries its utterance's label.
    /// </summary>
    public SegmentAggregation Aggregation { get; set; }

    /// <summary>
    /// The network's name in a fused model (<c>1d</c>, <c>2d</c>, <c>3d</c>), stored in its record
    /// (<see cref="SerNetworkInfo.Name"/>) beside the labels; default null: the score column names it.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Network))
            throw new ArgumentException($"Unknown network {Network}.", nameof(Network));
        foreach (var (name, value) in new[] { (nameof(SegmentColumnName), SegmentColumnName), (nameof(LabelColumnName), LabelColumnName),
                     (nameof(ScoreColumnName), ScoreColumnName), (nameof(FeaturesColumnName), FeaturesColumnName) })
        {
            if (string.IsNullOrEmpty(value))
                throw new ArgumentException($"{name} must name a column.", name);
        }

        if (ScoreColumnName == FeaturesColumnName)
            throw new ArgumentException($"ScoreColumnName and FeaturesColumnName must differ (both are '{ScoreColumnName}').", nameof(FeaturesColumnName));
        if (SpeakerColumnName is "")
            throw new ArgumentException("SpeakerColumnName must be null or name a column.", nameof(SpeakerColumnName));
        if (ValidationFraction is < 0 or >= 1 || double.IsNaN(ValidationFraction))
            throw new ArgumentException($"ValidationFraction must be in [0, 1) (got {ValidationFraction}).", nameof(ValidationFraction));
        if (InitialWeights is { Length: 0 })
            throw new ArgumentException("InitialWeights must be null or a state-dict file.", nameof(InitialWeights));
        ArgumentNullException.ThrowIfNull(Trainer, nameof(Trainer));
        Trainer.Validate();
        if (!Enum.IsDefined(Aggregation))
            throw new ArgumentException($"Unknown Aggregation {Aggregation}.", nameof(Aggregation));
        ArgumentNullException.ThrowIfNull(Features, nameof(Features));
        Features.Validate();
        // One device per estimator: a different one in the trainer options would be silently overridden.
        if (Trainer.Device != SerDevice.Auto && Trainer.Device != Device)
            throw new ArgumentException($"Trainer.Device ({Trainer.Device}) differs from Device ({Device}): set Device, which the estimator uses for training and scoring.", nameof(Trainer));
    }
}
