using Microsoft.ML;
using MlNetSer.Fusion;
using MlNetSer.Transforms;

namespace MlNetSer.Pipeline;

/// <summary>
/// The inspector of a fused model (made by <c>SerFusedNetworks</c> in a chain or by <see cref="SerPipelineTrainer"/>),
/// read from the model itself, fitted or returned by <c>mlContext.Model.Load</c>: its labels, networks, fusion weights
/// λ, feature-fusion classifier, baseline and feature options. <see cref="ToString"/> says all of it in one line.
/// </summary>
/// <param name="Labels">Class names in score order.</param>
/// <param name="Networks">The networks in the model (<c>1d</c>, <c>2d</c>, <c>3d</c>), in pipeline order.</param>
/// <param name="NetworkDetails">Each network's record (architecture, segment shape, columns), in the order of <paramref name="Networks"/>.</param>
/// <param name="ScoreFusion">The score fusion (weights λ, mode, oracle flag), or null when the model has none.</param>
/// <param name="FeatureFusion">The feature fusion (classifier, normalisation), or null when the model has none.</param>
/// <param name="Baseline">
/// The shallow baseline (a linear SVM on <see cref="SerColumns.MelStatistics"/>, columns <see cref="SerColumns.BaselineScore"/>
/// and <see cref="SerColumns.BaselinePredictedLabel"/>), or null when the model has none.
/// </param>
/// <param name="Features">The options of the model's input tensors (its front end), or null when it has no front end.</param>
public sealed record SerModelInfo(
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Networks,
    IReadOnlyList<SerNetworkInfo> NetworkDetails,
    ScoreFusionInfo? ScoreFusion,
    FeatureFusionInfo? FeatureFusion,
    FeatureFusionInfo? Baseline = null,
    Features.FeatureOptions? Features = null)
{
    /// <summary>Reads the description of <paramref name="model"/>.</summary>
    /// <param name="model">A fitted or loaded model.</param>
    /// <exception cref="InvalidOperationException">The model holds no MlNetSer network.</exception>
    public static SerModelInfo Read(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var networks = SerNetworkInspector.FindNetworks(model);
        if (networks.Count == 0)
            throw new InvalidOperationException("The model contains no MlNetSer network transform (it was not made by SerPipelineTrainer or SerNetwork).");
        var names = networks.Select(NameOf).ToArray();
        // The baseline is a feature-fusion classifier on the statistics column: the columns it writes tell the two apart.
        var classifiers = FusionInspector.FindFeatureFusions(model);
        return new SerModelInfo(networks[0].Labels, names, networks, FusionInspector.FindScoreFusion(model),
            classifiers.FirstOrDefault(c => c.ScoreColumnName != SerColumns.BaselineScore),
            classifiers.FirstOrDefault(c => c.ScoreColumnName == SerColumns.BaselineScore),
            SerModelInspector.FindFeatureOptions(model));
    }

    /// <summary>
    /// One line for people: e.g. <c>labels anger, joy, sadness; networks 1d cnn1d, 2d resnet18 (imagenet), 3d cnn3d;
    /// score fusion λ 0.7/0.3/0 (validation); feature fusion LinearSvm; baseline yes; features 1d 625/625, Mel 64×64 hop 30
    /// at 22050 Hz, clips of 4</c>.
    /// </summary>
    public override string ToString()
    {
        var networks = string.Join(", ", Networks.Zip(NetworkDetails, (n, d) => $"{n} {d.Network}" + (d.Initialization is { } init && init != "random" ? $" ({init})" : "")));
        var lambda = ScoreFusion is { } s
            ? $"λ {string.Join('/', s.Weights.Select(w => w.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)))} ({s.Mode.ToString().ToLowerInvariant()})"
            : "none";
        var features = Features is { } f
            ? $"1d {f.Waveform.SegmentLength}/{f.Waveform.Hop}, Mel {f.Mel.MelBands}×{f.Mel.SegmentFrames} hop {f.Mel.SegmentHop} at {f.Mel.SampleRate} Hz, clips of {f.Clip.Depth}{(f.Clip.HasOwnSegments(f.Mel) ? $" segments hop {f.Clip.FrameHop}" : "")}"
            : "none";
        return $"labels {string.Join(", ", Labels)}; networks {networks}; score fusion {lambda}; "
            + $"feature fusion {FeatureFusion?.Classifier.ToString() ?? "none"}; baseline {(Baseline is null ? "no" : "yes")}; features {features}";
    }

    // The name the model stores; a model saved before it stored one is named by its score column.
    internal static string NameOf(SerNetworkInfo network)
        => network.Name is { Length: > 0 } name ? name : SerNetworkId.FromScoreColumn(network.ScoreColumnName)?.Name ?? network.ScoreColumnName;
}
