using System.CommandLine;
using MlNetSer.Fusion;
using MlNetSer.Models;
using MlNetSer.Pipeline;
using MlNetSer.Platform;
using MlNetSer.Training;
using MlNetSer.Transforms;

namespace MlNetSer.Cli;

/// <summary>
/// The flags that say how the whole model is trained (<see cref="SerPipelineOptions"/>), declared once for every command
/// that trains it (<c>train</c>, <c>experiment</c>, <c>demo</c>), with every feature flag of <c>features</c>
/// (<see cref="FeatureFlags"/>). Defaults come from a fresh <see cref="SerPipelineOptions"/>, so the CLI cannot drift
/// from the library.
/// </summary>
public sealed class TrainingFlags
{
    private static readonly SerPipelineOptions Defaults = new();

    /// <summary>Creates the flags; <paramref name="preset"/> is the preset a command uses when none is given.</summary>
    /// <param name="preset">The default preset (<c>paper</c> for train and experiment, <c>fast</c> for the demo).</param>
    public TrainingFlags(string preset = "paper")
    {
        Preset.DefaultValueFactory = _ => preset;
        Preset.AcceptOnlyFromAmong("paper", "fast");
        Backbone.AcceptOnlyFromAmong(BackboneNames.Keys.ToArray());
        InputNormalization2d.AcceptOnlyFromAmong(NormalizationNames.Keys.ToArray());
        InputNormalization3d.AcceptOnlyFromAmong(NormalizationNames.Keys.ToArray());
        FusionFitting.AcceptOnlyFromAmong(FusionFittingNames.Keys.ToArray());
        Criterion.AcceptOnlyFromAmong(CriterionNames.Keys.ToArray());
        EarlyStopping.AcceptOnlyFromAmong("accuracy", "loss");
        Aggregation.AcceptOnlyFromAmong(AggregationNames.Keys.ToArray());
    }

    /// <summary><see cref="SerPipelineOptions.Networks"/>.</summary>
    public Option<string> Networks { get; } = new("--networks") { Description = "Comma-separated networks among 1d, 2d, 3d.", DefaultValueFactory = _ => string.Join(",", Defaults.Networks) };

    /// <summary><see cref="SerPipelineOptions.Backbone"/>.</summary>
    public Option<string> Backbone { get; } = new("--backbone")
    {
        Description = "2d backbone: resnet18 (built-in ImageNet weights; the default), alexnet (the paper's), vgg16, resnet50 (Table 5) or resnet18-torchvision; all but resnet18 start from random weights unless --backbone-weights.",
        DefaultValueFactory = _ => NameOf(BackboneNames, Defaults.Backbone),
    };

    /// <summary><see cref="SerPipelineOptions.BackboneWeights"/>.</summary>
    public Option<FileSystemInfo?> BackboneWeights { get; } = new("--backbone-weights")
    {
        Description = "PyTorch state dict (.pt, .pth, .safetensors) the 2d backbone starts from, e.g. torchvision's ImageNet AlexNet (its head is replaced), "
            + "or a folder of them where the backbone's torchvision file (or <backbone>.pth/.safetensors) is looked up; docs/backbones.md.",
    };

    /// <summary><see cref="SerPipelineOptions.Preset"/>.</summary>
    public Option<string> Preset { get; } = new("--preset")
    {
        Description = $"paper: up to 300 epochs, patience 20, the 2d backbone at its native size (227/224); fast: up to {SerPipelineOptions.FastEpochs} epochs, patience {SerPipelineOptions.FastPatience} (3d: {SerPipelineOptions.Fast3dEpochs}, patience {SerPipelineOptions.Fast3dPatience}), the 2d backbone at 64×64.",
    };

    /// <summary><see cref="SerPipelineOptions.Epochs"/>.</summary>
    public Option<int?> Epochs { get; } = new("--epochs") { Description = "Maximum epochs per network (overrides the preset)." };

    /// <summary><see cref="SerPipelineOptions.Epochs3d"/>.</summary>
    public Option<int?> Epochs3d { get; } = new("--epochs-3d") { Description = "Maximum epochs of the 3d network alone (overrides --epochs and the preset)." };

    /// <summary><see cref="SerPipelineOptions.WeightAverageHalfLife"/>.</summary>
    public Option<double?> WeightAverage { get; } = new("--weight-average")
    {
        Description = "Validate, early-stop and keep every network as a moving average of its weights with this half-life in epochs (0: off, the default).",
    };

    /// <summary><see cref="SerPipelineOptions.WeightAverageHalfLife3d"/>.</summary>
    public Option<double?> WeightAverage3d { get; } = new("--weight-average-3d")
    {
        Description = "The same for the 3d network alone (overrides --weight-average and the preset).",
    };

    /// <summary><see cref="SerPipelineOptions.Seed"/>.</summary>
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the speaker splits, training and the fusion classifiers.", DefaultValueFactory = _ => Defaults.Seed };

    /// <summary><see cref="SerPipelineOptions.Threads"/>.</summary>
    public Option<int> Threads { get; } = new("--threads") { Description = "libtorch threads (0: libtorch's choice).", DefaultValueFactory = _ => Defaults.Threads };

    /// <summary><see cref="SerPipelineOptions.Device"/> (<see cref="CommonOptions.Device"/>); <see cref="Bind"/> resolves it.</summary>
    public Option<SerDevice> Device { get; } = CommonOptions.Device();

    /// <summary><see cref="SerPipelineOptions.InputNormalization2d"/>.</summary>
    public Option<string> InputNormalization2d { get; } = new("--input-normalization-2d")
    {
        Description = "How the 2d input is standardised with training statistics before the backbone's ImageNet range: band (per channel and Mel band; the default), channel, or none.",
        DefaultValueFactory = _ => NameOf(NormalizationNames, Defaults.InputNormalization2d),
    };

    /// <summary><see cref="SerPipelineOptions.InputNormalization3d"/>.</summary>
    public Option<string> InputNormalization3d { get; } = new("--input-normalization-3d")
    {
        Description = "How the 3d input is standardised with training statistics: none (the default; only the recording level is removed), band or channel.",
        DefaultValueFactory = _ => NameOf(NormalizationNames, Defaults.InputNormalization3d),
    };

    /// <summary>The negation of <see cref="SerPipelineOptions.CentreInputLevel"/>.</summary>
    public Option<bool> KeepInputLevel { get; } = new("--keep-input-level")
    {
        Description = "Let the 2d and 3d networks see each segment's recording level (by default it is removed: a gain is a constant in log power).",
    };

    /// <summary><see cref="SerPipelineOptions.EarlyStoppingMetric"/>.</summary>
    public Option<string> EarlyStopping { get; } = new("--early-stopping")
    {
        Description = "What each network's best epoch is chosen by on the validation speakers: accuracy (the default) or loss.",
        DefaultValueFactory = _ => Defaults.EarlyStoppingMetric.ToString().ToLowerInvariant(),
    };

    /// <summary><see cref="SerPipelineOptions.Aggregation"/>.</summary>
    public Option<string> Aggregation { get; } = new("--aggregation")
    {
        Description = "How each network turns its segments' probabilities into the utterance's: mean (the paper's; the default), max, or log-mean.",
        DefaultValueFactory = _ => NameOf(AggregationNames, Defaults.Aggregation),
    };

    /// <summary><see cref="SerPipelineOptions.FusionFitting"/>.</summary>
    public Option<string> FusionFitting { get; } = new("--fusion-fitting")
    {
        Description = "Network outputs the fusions are fitted on: held-out (the validation speakers; the default) or out-of-fold "
            + "(every training speaker, from networks trained once more per speaker group without it; costs --fusion-folds extra trainings).",
        DefaultValueFactory = _ => NameOf(FusionFittingNames, Defaults.FusionFitting),
    };

    /// <summary><see cref="SerPipelineOptions.FusionFolds"/>.</summary>
    public Option<int> FusionFolds { get; } = new("--fusion-folds") { Description = "Speaker groups of --fusion-fitting out-of-fold.", DefaultValueFactory = _ => Defaults.FusionFolds };

    /// <summary><see cref="SerPipelineOptions.RefitNetworks"/>.</summary>
    public Option<bool> Refit { get; } = new("--refit")
    {
        Description = "After the fusions are fitted, train every network again on the training and validation speakers for the epochs early stopping chose (one more training each).",
    };

    /// <summary><see cref="SerPipelineOptions.ScoreFusionCriterion"/>.</summary>
    public Option<string> Criterion { get; } = new("--fusion-criterion")
    {
        Description = "What the score-fusion λ search optimises: log-loss (the default) or accuracy (the paper's).",
        DefaultValueFactory = _ => NameOf(CriterionNames, Defaults.ScoreFusionCriterion),
    };

    /// <summary><see cref="SerPipelineOptions.ScoreFusionWeightShrinkage"/>.</summary>
    public Option<double> Shrinkage { get; } = new("--fusion-shrinkage")
    {
        Description = "How strongly the log-loss λ search is pulled towards equal weights: a Gaussian prior of standard deviation 1/sqrt(2·x) "
            + "around them (the default, 50, is one grid step); 0 fits λ by the log-loss alone.",
        DefaultValueFactory = _ => Defaults.ScoreFusionWeightShrinkage,
    };

    /// <summary>The negation of <see cref="SerPipelineOptions.CalibrateScores"/>.</summary>
    public Option<bool> NoCalibration { get; } = new("--no-calibration")
    {
        Description = "Fuse the networks' raw scores (the paper's Eq. 1) instead of temperature-scaled ones.",
    };

    /// <summary>The negation of <see cref="SerPipelineOptions.Baseline"/>.</summary>
    public Option<bool> NoBaseline { get; } = new("--no-baseline") { Description = "Do not fit the log-Mel statistics + linear SVM baseline." };

    /// <summary><see cref="SerPipelineOptions.CacheDirectory"/>.</summary>
    public Option<DirectoryInfo?> CacheDirectory { get; } = new("--cache-dir")
    {
        Description = "Folder of the segment cache the networks train from (every file's tensors, computed once per feature options, reused by later runs; safe to delete). Default: mlnetser-segments in the system's temporary folder.",
    };

    /// <summary><see cref="SerPipelineOptions.FeatureThreads"/>.</summary>
    public Option<int> FeatureThreads { get; } = new("--feature-threads")
    {
        Description = "Threads that compute the segment cache (0: one per core).",
        DefaultValueFactory = _ => Defaults.FeatureThreads,
    };

    private static IReadOnlyDictionary<string, NetworkKind> BackboneNames { get; } = Backbone2d.Kinds.ToDictionary(Backbone2d.NameOf);

    private static IReadOnlyDictionary<string, InputNormalizationMode> NormalizationNames { get; } = new Dictionary<string, InputNormalizationMode>
    {
        ["band"] = InputNormalizationMode.PerChannelAndBand,
        ["channel"] = InputNormalizationMode.PerChannel,
        ["none"] = InputNormalizationMode.None,
    };

    private static IReadOnlyDictionary<string, SegmentAggregation> AggregationNames { get; } = new Dictionary<string, SegmentAggregation>
    {
        ["mean"] = SegmentAggregation.Mean,
        ["max"] = SegmentAggregation.Max,
        ["log-mean"] = SegmentAggregation.LogMean,
    };

    private static IReadOnlyDictionary<string, FusionFitting> FusionFittingNames { get; } = new Dictionary<string, FusionFitting>
    {
        ["held-out"] = Pipeline.FusionFitting.HeldOutSpeakers,
        ["out-of-fold"] = Pipeline.FusionFitting.OutOfFold,
    };

    private static IReadOnlyDictionary<string, ScoreFusionCriterion> CriterionNames { get; } = new Dictionary<string, ScoreFusionCriterion>
    {
        ["log-loss"] = ScoreFusionCriterion.LogLoss,
        ["accuracy"] = ScoreFusionCriterion.Accuracy,
    };

    /// <summary>The feature flags (<see cref="SerPipelineOptions.Features"/>), the same as <c>features</c> takes.</summary>
    public FeatureFlags FeatureFlags { get; } = new();

    /// <summary>Every flag, in help order: training, then features.</summary>
    public IEnumerable<Option> All =>
    [
        Networks, Backbone, BackboneWeights, Preset, Epochs, Epochs3d, WeightAverage, WeightAverage3d, Seed, Threads, Device,
        InputNormalization2d, InputNormalization3d, KeepInputLevel, EarlyStopping, Aggregation, FusionFitting, FusionFolds, Refit, Criterion, Shrinkage, NoCalibration, NoBaseline,
        CacheDirectory, FeatureThreads,
        .. FeatureFlags.All,
    ];

    /// <summary>Adds every flag to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in All)
            command.Options.Add(option);
    }

    /// <summary>The options the command line asks for, validated, with the device resolved (<see cref="CommonOptions.ResolveDevice"/>).</summary>
    /// <exception cref="ArgumentException">A value is invalid, or a CUDA device was asked for that cannot be used (the message names the flag or option).</exception>
    public SerPipelineOptions Bind(ParseResult parse)
    {
        var options = new SerPipelineOptions
        {
            Features = FeatureFlags.Bind(parse),
            Networks = ParseNetworks(parse.GetValue(Networks)!),
            Backbone = BackboneNames[parse.GetValue(Backbone)!],
            BackboneWeights = parse.GetValue(BackboneWeights)?.FullName,
            Preset = parse.GetValue(Preset) == "fast" ? SerPipelinePreset.Fast : SerPipelinePreset.Paper,
            Epochs = parse.GetValue(Epochs),
            Epochs3d = parse.GetValue(Epochs3d),
            WeightAverageHalfLife = parse.GetValue(WeightAverage),
            WeightAverageHalfLife3d = parse.GetValue(WeightAverage3d),
            Seed = parse.GetValue(Seed),
            Threads = parse.GetValue(Threads),
            InputNormalization2d = NormalizationNames[parse.GetValue(InputNormalization2d)!],
            InputNormalization3d = NormalizationNames[parse.GetValue(InputNormalization3d)!],
            CentreInputLevel = !parse.GetValue(KeepInputLevel),
            EarlyStoppingMetric = parse.GetValue(EarlyStopping) == "loss" ? EarlyStoppingMetric.Loss : EarlyStoppingMetric.Accuracy,
            Aggregation = AggregationNames[parse.GetValue(Aggregation)!],
            FusionFitting = FusionFittingNames[parse.GetValue(FusionFitting)!],
            FusionFolds = parse.GetValue(FusionFolds),
            RefitNetworks = parse.GetValue(Refit),
            ScoreFusionCriterion = CriterionNames[parse.GetValue(Criterion)!],
            ScoreFusionWeightShrinkage = parse.GetValue(Shrinkage),
            CalibrateScores = !parse.GetValue(NoCalibration),
            Baseline = !parse.GetValue(NoBaseline),
            CacheDirectory = parse.GetValue(CacheDirectory)?.FullName,
            FeatureThreads = parse.GetValue(FeatureThreads),
        };
        if (options.BackboneWeights is { } weights && !File.Exists(weights) && !Directory.Exists(weights))
            throw new ArgumentException($"--backbone-weights: {weights}: no such file or folder.");
        if (options.Epochs is < 1)
            throw new ArgumentException($"--epochs must be at least 1 (got {options.Epochs}).");
        if (options.Epochs3d is < 1)
            throw new ArgumentException($"--epochs-3d must be at least 1 (got {options.Epochs3d}).");
        foreach (var (flag, halfLife) in new[] { (WeightAverage.Name, options.WeightAverageHalfLife), (WeightAverage3d.Name, options.WeightAverageHalfLife3d) })
        {
            if (halfLife is { } value && !TrainerOptions.IsWeightAverageHalfLife(value))
                throw new ArgumentException($"{flag} must be 0 (off) or a positive number of epochs (got {value}).");
        }

        options.Validate();
        // After the cheap checks, before any work: the CUDA check loads the native libraries.
        options.Device = CommonOptions.ResolveDevice(parse.GetValue(Device));
        return options;
    }

    /// <summary>Parses <c>1d,3d</c> into the network list; throws <see cref="ArgumentException"/> on an unknown name.</summary>
    internal static IReadOnlyList<string> ParseNetworks(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToArray();
        foreach (var name in names)
        {
            if (!SerNetworkId.Names.Contains(name))
                throw new ArgumentException($"--networks: unknown network '{name}' (use 1d, 2d, 3d).");
        }

        // The paper's order whatever order was typed, so λ and feature concatenation always read 1d, 2d, 3d.
        return SerNetworkId.Names.Where(names.Contains).ToArray();
    }

    /// <summary>Prints each warning once, before the run starts (e.g. a 2d network trained from random initialisation).</summary>
    internal static void Warn(ProgressDisplay display, IEnumerable<string?> warnings)
    {
        foreach (var warning in warnings.OfType<string>().Distinct())
            display.Message($"warning: {warning}");
    }

    private static string NameOf<T>(IReadOnlyDictionary<string, T> names, T value) => names.First(p => EqualityComparer<T>.Default.Equals(p.Value, value)).Key;
}
