using System.Globalization;
using MlNetSer.Features;
using MlNetSer.Fusion;
using MlNetSer.Models;
using MlNetSer.Platform;
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

    /// <summary>
    /// Epochs of the 3D network under <see cref="SerPipelinePreset.Fast"/>. An utterance gives the 3D network a few clips
    /// where it gives the 1D network about a hundred segments, so a 3D epoch takes far fewer optimizer steps and a
    /// quarter to a fifth of a 1D epoch's time: at <see cref="FastEpochs"/> it stopped while its training loss was still
    /// falling fast, and the longer budget adds 12–20 % to a fast experiment's CPU time (docs/accuracy.md).
    /// </summary>
    public const int Fast3dEpochs = 60;

    /// <summary>Early-stopping patience of the 3D network under <see cref="SerPipelinePreset.Fast"/> (the paper preset's 20).</summary>
    public const int Fast3dPatience = 20;

    /// <summary>The networks to train, a non-empty subset of <c>1d</c>, <c>2d</c>, <c>3d</c> (default all three, the paper's).</summary>
    public IReadOnlyList<string> Networks { get; set; } = SerNetworkId.Names;

    /// <summary>
    /// The 2D network's backbone, one of <see cref="Backbone2d.Kinds"/>: <see cref="NetworkKind.Resnet18"/> with its built-in
    /// ImageNet weights (default), or <see cref="NetworkKind.AlexNet2d"/> (the paper's), <see cref="NetworkKind.Vgg16"/>,
    /// <see cref="NetworkKind.Resnet50"/> (Table 5) or <see cref="NetworkKind.TorchvisionResnet18"/>, which start from
    /// random weights unless <see cref="BackboneWeights"/> gives torchvision's ImageNet weights. ResNet-18 is the default
    /// because it is the ImageNet-initialised backbone available offline: with random weights AlexNet did not learn on the
    /// corpora we measured (docs/accuracy.md).
    /// </summary>
    public NetworkKind Backbone { get; set; } = NetworkKind.Resnet18;

    /// <summary>
    /// A PyTorch state dict the 2D backbone starts from, e.g. torchvision's ImageNet AlexNet, or a folder of such files
    /// where the chosen backbone's is looked up (<see cref="Backbone2d.FindWeights"/>; the backbone study's way to give
    /// one per backbone). Default null: the built-in ImageNet weights for ResNet-18, random initialisation for the others.
    /// See <see cref="SerNetworkOptions.InitialWeights"/>.
    /// </summary>
    public string? BackboneWeights { get; set; }

    /// <summary>
    /// How the 2D network's input normalisation is set from the training segments (default
    /// <see cref="InputNormalizationMode.PerChannelAndBand"/>, mapped into the backbone's ImageNet input range; see
    /// <see cref="TrainerOptions.InputNormalization"/>).
    /// </summary>
    public InputNormalizationMode InputNormalization2d { get; set; } = InputNormalizationMode.PerChannelAndBand;

    /// <summary>
    /// How the 3D network's input normalisation is set (default <see cref="InputNormalizationMode.None"/>: only the
    /// recording level is removed, <see cref="CentreInputLevel"/>). The 3D CNN learns from random weights with batch
    /// normalisation after its first convolution; standardising every Mel band and Δ channel to unit variance made it
    /// worse on both corpora we measured (docs/accuracy.md).
    /// </summary>
    public InputNormalizationMode InputNormalization3d { get; set; } = InputNormalizationMode.None;

    /// <summary>
    /// Whether the 2D and 3D networks remove each segment's recording level before the normalisation (default true;
    /// see <see cref="TrainerOptions.CentreInputLevel"/>).
    /// </summary>
    public bool CentreInputLevel { get; set; } = true;

    /// <summary>
    /// How each network turns its segments' probabilities into the utterance's (default <see cref="SegmentAggregation.Mean"/>,
    /// the paper's; see <see cref="SerNetworkOptions.Aggregation"/>).
    /// </summary>
    public SegmentAggregation Aggregation { get; set; }

    /// <summary>What each network's best epoch is chosen by on the validation speakers (default <see cref="Training.EarlyStoppingMetric.Accuracy"/>).</summary>
    public EarlyStoppingMetric EarlyStoppingMetric { get; set; } = EarlyStoppingMetric.Accuracy;

    /// <summary>
    /// Share of the speakers that <see cref="SerFusedNetworksEstimator"/> holds out for early stopping and for fitting the
    /// fusions when it is given no validation set (default 0.2, in (0, 1)).
    /// </summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>Which network outputs the fusions are fitted on (default <see cref="Pipeline.FusionFitting.HeldOutSpeakers"/>).</summary>
    public FusionFitting FusionFitting { get; set; } = FusionFitting.HeldOutSpeakers;

    /// <summary>Speaker groups of <see cref="Pipeline.FusionFitting.OutOfFold"/> (default 3; at most one per training speaker).</summary>
    public int FusionFolds { get; set; } = 3;

    /// <summary>
    /// After the fusions are fitted, train every network once more on the training and validation speakers together,
    /// for the number of epochs early stopping chose, and keep those networks (default false). One more training of
    /// every network, on more data. The score fusion stays as fitted on the first networks' outputs (class probabilities
    /// carry over); the feature fusion is fitted again on the refit networks' features of the same utterances, since a
    /// network's features are in a basis of its own — which those networks trained on, so it is no longer held out.
    /// </summary>
    public bool RefitNetworks { get; set; }

    /// <summary>
    /// Whether score-level fusion temperature-scales each network's scores before weighting them (default true; false is
    /// the paper's Eq. 1 on the raw scores; see <see cref="ScoreFusionOptions.Calibrate"/>).
    /// </summary>
    public bool CalibrateScores { get; set; } = true;

    /// <summary>What the score-fusion search optimises (default <see cref="ScoreFusionCriterion.LogLoss"/>; the paper's is accuracy).</summary>
    public ScoreFusionCriterion ScoreFusionCriterion { get; set; } = ScoreFusionCriterion.LogLoss;

    /// <summary>
    /// With the log-loss criterion, how strongly the score-fusion λ is pulled towards equal weights (default
    /// <see cref="ScoreFusionSearch.DefaultWeightShrinkage"/>, a prior of one grid step; 0: none; see
    /// <see cref="ScoreFusionOptions.WeightShrinkage"/>).
    /// </summary>
    public double ScoreFusionWeightShrinkage { get; set; } = ScoreFusionSearch.DefaultWeightShrinkage;

    /// <summary>
    /// Also fit the shallow baseline, a linear SVM on utterance log-Mel statistics (<see cref="SerColumns.MelStatistics"/>),
    /// on the training and validation speakers, and keep it in the model (columns <see cref="SerColumns.BaselineScore"/>,
    /// <see cref="SerColumns.BaselinePredictedLabel"/>), so every evaluation shows whether the networks beat it (default true).
    /// </summary>
    public bool Baseline { get; set; } = true;

    /// <summary>
    /// Training preset (default <see cref="SerPipelinePreset.Paper"/>: 300 epochs, patience 20, AlexNet at 227 and
    /// ResNet-18 at 224). <see cref="SerPipelinePreset.Fast"/>: <see cref="FastEpochs"/> epochs, patience
    /// <see cref="FastPatience"/> (the 3D network <see cref="Fast3dEpochs"/> and <see cref="Fast3dPatience"/>), AlexNet and ResNet-18 at the 64×64 segment size (see <see cref="SerPipelinePreset.Fast"/>).
    /// </summary>
    public SerPipelinePreset Preset { get; set; } = SerPipelinePreset.Paper;

    /// <summary>Maximum epochs, overriding the preset's (default null: the preset's).</summary>
    public int? Epochs { get; set; }

    /// <summary>
    /// Maximum epochs of the 3D network alone, overriding <see cref="Epochs"/> and the preset's (default null). Clips cut
    /// at a finer <see cref="MelClipOptions.FrameHop"/> give the 3D network several times the clips per epoch.
    /// </summary>
    public int? Epochs3d { get; set; }

    /// <summary>
    /// Half-life in epochs of the weight average every network is validated, early-stopped and kept as
    /// (<see cref="Training.TrainerOptions.WeightAverageHalfLife"/>; 0: the last step's weights, the paper's), overriding
    /// the preset's (default null: the preset's, 0).
    /// </summary>
    public double? WeightAverageHalfLife { get; set; }

    /// <summary>The same for the 3D network alone, overriding <see cref="WeightAverageHalfLife"/> and the preset's (default null).</summary>
    public double? WeightAverageHalfLife3d { get; set; }

    /// <summary>Seed of training, of the networks' validation split and of the feature-fusion trainer (default 0).</summary>
    public int Seed { get; set; }

    /// <summary>TorchSharp threads for training (default 0: TorchSharp's default).</summary>
    public int Threads { get; set; }

    /// <summary>
    /// Where the networks train (TorchSharp) and where ONNX Runtime scores the networks, the score fusion and the baseline
    /// statistics (default <see cref="SerDevice.Auto"/>: CUDA device 0 when both libraries can use it, else the CPU; see
    /// <see cref="SerDevice"/> and docs/gpu.md). <see cref="SerPipelineTrainer"/> resolves it once per fit and reports it
    /// in <see cref="SerPipelineResult.Device"/>. Not saved in the model.
    /// </summary>
    public SerDevice Device { get; set; }

    /// <summary>Options of the three input tensors (default: the paper's). Audio is decoded at <c>Mel.SampleRate</c>.</summary>
    public FeatureOptions Features { get; set; } = new();


    /// <summary>The segment store's folder when <see cref="CacheDirectory"/> is null: <c>mlnetser-segments</c> in the system's temporary folder.</summary>
    public static string DefaultCacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "mlnetser-segments");

    /// <summary>
    /// The segment store (<see cref="Features.Store.SegmentStore"/>) the networks train from: every file's tensors are
    /// computed once per feature options, kept on disk and read in place, so memory does not grow with the corpus. Reused by
    /// later runs and other networks with the same options; safe to delete between runs. Default null:
    /// <see cref="DefaultCacheDirectory"/>.
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Threads that compute the segment store's tensors (default 0: one per core).</summary>
    public int FeatureThreads { get; set; }

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

    /// <summary>A copy whose feature and feature-fusion options are copies too, so a study can vary one value per run.</summary>
    public SerPipelineOptions Clone()
    {
        var copy = (SerPipelineOptions)MemberwiseClone();
        copy.Features = Features.Clone();
        copy.FeatureFusion = FeatureFusion.Clone();
        return copy;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Networks is not { Count: > 0 })
            throw new ArgumentException("Networks must name at least one of 1d, 2d, 3d.", nameof(Networks));
        foreach (var network in Networks)
            _ = SerNetworkId.Parse(network);
        if (Networks.Distinct().Count() != Networks.Count)
            throw new ArgumentException($"Networks has a duplicate: {string.Join(", ", Networks)}.", nameof(Networks));
        if (!Backbone2d.Is(Backbone))
            throw new ArgumentException($"Backbone must be a 2d backbone, one of {string.Join(", ", Backbone2d.Kinds)} (got {Backbone}).", nameof(Backbone));
        if (!Enum.IsDefined(Preset))
            throw new ArgumentException($"Unknown Preset {Preset}.", nameof(Preset));
        if (Epochs is < 1)
            throw new ArgumentException($"Epochs must be at least 1 (got {Epochs}).", nameof(Epochs));
        if (Epochs3d is < 1)
            throw new ArgumentException($"Epochs3d must be at least 1 (got {Epochs3d}).", nameof(Epochs3d));
        CheckHalfLife(WeightAverageHalfLife, nameof(WeightAverageHalfLife));
        CheckHalfLife(WeightAverageHalfLife3d, nameof(WeightAverageHalfLife3d));
        if (Threads < 0)
            throw new ArgumentException($"Threads must be 0 (default) or positive (got {Threads}).", nameof(Threads));
        if (!Enum.IsDefined(InputNormalization2d))
            throw new ArgumentException($"Unknown InputNormalization2d {InputNormalization2d}.", nameof(InputNormalization2d));
        if (!Enum.IsDefined(InputNormalization3d))
            throw new ArgumentException($"Unknown InputNormalization3d {InputNormalization3d}.", nameof(InputNormalization3d));
        if (!Enum.IsDefined(EarlyStoppingMetric))
            throw new ArgumentException($"Unknown EarlyStoppingMetric {EarlyStoppingMetric}.", nameof(EarlyStoppingMetric));
        if (!Enum.IsDefined(Aggregation))
            throw new ArgumentException($"Unknown Aggregation {Aggregation}.", nameof(Aggregation));
        if (!Enum.IsDefined(FusionFitting))
            throw new ArgumentException($"Unknown FusionFitting {FusionFitting}.", nameof(FusionFitting));
        if (!(ValidationFraction > 0 && ValidationFraction < 1))
            throw new ArgumentException($"ValidationFraction must be in (0, 1): early stopping and the fusions need held-out speakers (got {ValidationFraction}).", nameof(ValidationFraction));
        if (FusionFolds < 2)
            throw new ArgumentException($"FusionFolds must be at least 2 (got {FusionFolds}).", nameof(FusionFolds));
        if (!Enum.IsDefined(ScoreFusionCriterion))
            throw new ArgumentException($"Unknown ScoreFusionCriterion {ScoreFusionCriterion}.", nameof(ScoreFusionCriterion));
        ScoreFusionSearch.CheckShrinkage(ScoreFusionWeightShrinkage, nameof(ScoreFusionWeightShrinkage));
        if (BackboneWeights is { Length: 0 })
            throw new ArgumentException("BackboneWeights must be null or a state-dict file.", nameof(BackboneWeights));
        if (CacheDirectory is { Length: 0 })
            throw new ArgumentException("CacheDirectory must be null or a folder.", nameof(CacheDirectory));
        if (FeatureThreads < 0)
            throw new ArgumentException($"FeatureThreads must be 0 (one per core) or positive (got {FeatureThreads}).", nameof(FeatureThreads));
        if (OnnxDirectory is { Length: 0 })
            throw new ArgumentException("OnnxDirectory must be null or a folder.", nameof(OnnxDirectory));
        if (!Enum.IsDefined(ScoreFusionMode) || ScoreFusionMode == ScoreFusionMode.Fixed)
            throw new ArgumentException($"ScoreFusionMode must be Validation or Oracle (got {ScoreFusionMode}).", nameof(ScoreFusionMode));
        ArgumentNullException.ThrowIfNull(Features, nameof(Features));
        Features.Validate();
        ArgumentNullException.ThrowIfNull(FeatureFusion, nameof(FeatureFusion));
    }

    /// <summary>
    /// The training options of <paramref name="network"/> (null: what every network shares): the preset's, with
    /// <see cref="Epochs"/>, seed, threads, device and the network's input normalisation applied.
    /// </summary>
    /// <param name="network"><c>1d</c>, <c>2d</c>, <c>3d</c> or null.</param>
    public TrainerOptions TrainerOptions(string? network = null)
    {
        var options = new TrainerOptions
        {
            Seed = Seed, Threads = Threads, CentreInputLevel = CentreInputLevel, EarlyStoppingMetric = EarlyStoppingMetric, Device = Device,
        };
        var is3d = network is { } name && SerNetworkId.Parse(name) == SerNetworkId.Cnn3d;
        if (Preset == SerPipelinePreset.Fast)
        {
            options.Epochs = is3d ? Fast3dEpochs : FastEpochs;
            options.Patience = is3d ? Fast3dPatience : FastPatience;
        }

        if (Epochs is { } epochs)
            options.Epochs = epochs;
        if (is3d && Epochs3d is { } epochs3d)
            options.Epochs = epochs3d;
        if ((is3d ? WeightAverageHalfLife3d ?? WeightAverageHalfLife : WeightAverageHalfLife) is { } halfLife)
            options.WeightAverageHalfLife = halfLife;
        options.InputNormalization = is3d ? InputNormalization3d : InputNormalization2d;
        return options;
    }

    /// <summary>The networks validated and kept as a weight average, in words ("weights averaged over epochs (half-life: 3d 2)"); null when none is.</summary>
    private string? WeightAverages()
    {
        var averaged = Networks.Select(n => (Name: n, HalfLife: TrainerOptions(n).WeightAverageHalfLife)).Where(n => n.HalfLife > 0).ToArray();
        return averaged.Length == 0 ? null
            : $"weights averaged over epochs (half-life: {string.Join(", ", averaged.Select(n => $"{n.Name} {n.HalfLife.ToString("0.###", CultureInfo.InvariantCulture)}"))})";
    }

    private static void CheckHalfLife(double? halfLife, string name)
    {
        if (halfLife is { } value && !Training.TrainerOptions.IsWeightAverageHalfLife(value))
            throw new ArgumentException($"{name} must be 0 (off) or a positive number of epochs (got {value}).", name);
    }

    /// <summary>The epoch limits in words, as reports state them: "up to 15 epochs (3d: 60)", naming each network whose limit differs.</summary>
    public string EpochLimits()
    {
        var shared = TrainerOptions().Epochs;
        var own = Networks.Select(n => (Name: n, TrainerOptions(n).Epochs)).Where(n => n.Epochs != shared).Select(n => $"{n.Name}: {n.Epochs}").ToArray();
        return $"up to {shared} epochs" + (own.Length > 0 ? $" ({string.Join(", ", own)})" : "");
    }

    private string LambdaCriterion() => ScoreFusionCriterion == ScoreFusionCriterion.LogLoss
        ? "log-loss" + (ScoreFusionWeightShrinkage > 0 ? $" pulled towards equal weights (shrinkage {ScoreFusionWeightShrinkage:0.###})" : "")
        : "accuracy";

    /// <summary>The options of <see cref="SerNetworkEstimator"/> for <paramref name="network"/>, with the conventional column names.</summary>
    /// <param name="network"><c>1d</c>, <c>2d</c> or <c>3d</c>.</param>
    public SerNetworkOptions NetworkOptions(string network)
    {
        var id = SerNetworkId.Parse(network);
        var options = new SerNetworkOptions
        {
            Name = id.Name,
            Network = id.KindWith(Backbone),
            SegmentColumnName = id.SegmentColumnName,
            LabelColumnName = SerColumns.Label,
            SpeakerColumnName = SerColumns.Speaker,
            ScoreColumnName = id.ScoreColumnName,
            FeaturesColumnName = id.FeaturesColumnName,
            Trainer = TrainerOptions(network),
            Device = Device,
            PretrainedResnet18 = PretrainedResnet18,
            InitialWeights = id == SerNetworkId.Cnn2d ? BackboneWeightsFile : null,
            Aggregation = Aggregation,
            Features = Features,
        };
        options.Backbone2d.InputHeight = Features.Mel.MelBands;
        options.Backbone2d.InputWidth = Features.Mel.SegmentFrames;
        options.Cnn1d.SegmentLength = Features.Waveform.SegmentLength;
        options.Cnn3d.Depth = Features.Clip.Depth;
        options.Cnn3d.Height = Features.Mel.MelBands;
        options.Cnn3d.Width = Features.Mel.SegmentFrames;
        // Fast feeds the 2D backbone the segments at their own size instead of upsampling them (AlexNet needs at least
        // 63 pixels; its adaptive 6×6 pool then replicates the small final map).
        if (Preset == SerPipelinePreset.Fast)
        {
            var segmentSize = Math.Max(Features.Mel.MelBands, Features.Mel.SegmentFrames);
            options.Backbone2d.InputSize = Math.Max(segmentSize, Backbone2d.MinimumInputSize(Backbone));
        }

        return options;
    }

    /// <summary>
    /// The training procedure in words, as reports state it: networks (the 2D backbone and where its weights started),
    /// input normalisation, preset, epochs, seed, how the fusions were fitted and the baseline.
    /// </summary>
    public string Describe()
    {
        var networks = string.Join(", ", Networks.Select(n => SerNetworkId.Parse(n) switch
        {
            var id when id == SerNetworkId.Cnn2d => $"{n} ({BackboneDescription()})",
            var id when id == SerNetworkId.Cnn3d && Features.Clip.HasOwnSegments(Features.Mel) => $"{n} (clips of segments every {Features.Clip.FrameHop} frames)",
            _ => n,
        }));
        static string Words(InputNormalizationMode mode) => mode switch
        {
            InputNormalizationMode.PerChannelAndBand => "per channel and Mel band",
            InputNormalizationMode.PerChannel => "per channel",
            _ => "none",
        };
        var normalization = $"2d {Words(InputNormalization2d)}, 3d {Words(InputNormalization3d)}";
        var fusion = FusionFitting == FusionFitting.OutOfFold
            ? $"out-of-fold outputs of {FusionFolds} training-speaker groups and the validation speakers"
            : "the validation speakers' outputs";
        return $"networks {networks}; input normalisation {normalization} (training statistics){(CentreInputLevel ? ", recording level removed per segment" : "")}; preset {Preset.ToString().ToLowerInvariant()}, "
            + $"{EpochLimits()}{(WeightAverages() is { } averages ? ", " + averages : "")}, seed {Seed}"
            + (Networks.Count > 1
                ? $"; fusions fitted on {fusion}, λ by {LambdaCriterion()}"
                  + (CalibrateScores ? " on temperature-scaled scores" : " on raw scores")
                : "")
            + (Aggregation != SegmentAggregation.Mean ? $"; segments aggregated by {Aggregation.ToString().ToLowerInvariant()}" : "")
            + (RefitNetworks ? "; networks refitted on training and validation speakers" : "")
            + (Baseline ? "; baseline: log-Mel statistics + linear SVM" : "");
    }

    /// <summary>The 2D backbone and its initialisation in words, e.g. <c>resnet18, ImageNet initialisation</c>.</summary>
    public string BackboneDescription()
    {
        var start = BackboneWeightsFile is { } weights ? $"initialised from {Path.GetFileName(weights)}"
            : IsBackboneRandomlyInitialised ? "random initialisation" : "ImageNet initialisation";
        return $"{Backbone2d.NameOf(Backbone)}, {start}";
    }

    /// <summary>The state dict the 2D backbone starts from: <see cref="BackboneWeights"/>, or the backbone's file in that folder; null if none.</summary>
    public string? BackboneWeightsFile =>
        BackboneWeights is { } given && Directory.Exists(given) ? Backbone2d.FindWeights(Backbone, given) : BackboneWeights;

    /// <summary>
    /// Whether the 2D network, if trained, starts from random weights: no <see cref="BackboneWeightsFile"/>, and a backbone
    /// without built-in ImageNet weights (all but <see cref="NetworkKind.Resnet18"/>) or <see cref="PretrainedResnet18"/> off.
    /// </summary>
    public bool IsBackboneRandomlyInitialised =>
        BackboneWeightsFile is null && !(Backbone2d.HasBuiltInWeights(Backbone) && PretrainedResnet18);

    /// <summary>
    /// The warning a run should give once when the 2D network is trained from random initialisation (the paper fine-tunes
    /// ImageNet models; <see cref="Backbone2d.RandomInitialisationWarning"/>); null when it is not, or no 2D network is trained.
    /// </summary>
    public string? RandomInitialisationWarning() =>
        Networks.Any(n => SerNetworkId.Parse(n) == SerNetworkId.Cnn2d) && IsBackboneRandomlyInitialised
            ? Backbone2d.RandomInitialisationWarning(Backbone)
            : null;

}
