namespace MlNetSer.Evaluation;

/// <summary>
/// The figures Zhang et al. (Speech Communication 2021) report on THEIR corpora (AFEW5.0 and BAUM-1s),
/// copied from the paper's Tables 7–9 so that reports can lay ours beside them. They are the paper's
/// results, not ours, and were obtained with λ tuned on the reported data.
/// </summary>
public static class PaperFigures
{
    /// <summary>The citation used wherever these figures are shown.</summary>
    public const string Source = "paper (Zhang et al. 2021, AFEW5.0 / BAUM-1s)";

    /// <summary>Paper Table 7: accuracy (%) per combination on AFEW5.0 and BAUM-1s.</summary>
    public static IReadOnlyList<PaperAccuracy> Table7 { get; } =
    [
        new(["1d"], FusionLevel.Single, 24.02, 37.37),
        new(["2d"], FusionLevel.Single, 29.24, 42.29),
        new(["3d"], FusionLevel.Single, 28.46, 37.97),
        new(["1d", "2d"], FusionLevel.Feature, 31.23, 42.75),
        new(["1d", "3d"], FusionLevel.Feature, 30.91, 40.84),
        new(["2d", "3d"], FusionLevel.Feature, 32.05, 42.96),
        new(["1d", "2d", "3d"], FusionLevel.Feature, 33.68, 43.53),
        new(["1d", "2d"], FusionLevel.Score, 32.46, 42.90),
        new(["1d", "3d"], FusionLevel.Score, 31.88, 41.65),
        new(["2d", "3d"], FusionLevel.Score, 34.43, 43.77),
        new(["1d", "2d", "3d"], FusionLevel.Score, 35.77, 44.06),
    ];

    /// <summary>Paper Table 8: recall and F1 (%) per class of score-level 1D+2D+3D fusion on AFEW5.0 (accuracy 35.77%).</summary>
    public static IReadOnlyList<PaperClassFigures> Table8Afew { get; } =
    [
        new("Anger", 56.25, 50.17),
        new("Disgust", 5.00, 7.47),
        new("Fear", 43.48, 47.57),
        new("Joy", 31.75, 23.52),
        new("Sadness", 32.79, 36.10),
        new("Surprise", 15.22, 22.03),
        new("Neutral", 50.79, 37.71),
    ];

    /// <summary>Paper Table 9: recall and F1 (%) per class of score-level 1D+2D+3D fusion on BAUM-1s (accuracy 44.06%).</summary>
    public static IReadOnlyList<PaperClassFigures> Table9Baum { get; } =
    [
        new("Anger", 16.07, 22.66),
        new("Joy", 55.49, 37.67),
        new("Sadness", 70.90, 39.14),
        new("Fear", 5.41, 9.65),
        new("Disgust", 28.75, 31.97),
        new("Surprise", 4.88, 8.93),
    ];

    /// <summary>The paper's score-fusion optima λ (1D, 2D, 3D), tuned on the reported data: AFEW5.0.</summary>
    public static IReadOnlyList<double> WeightsAfew { get; } = [0.3, 0.3, 0.4];

    /// <summary>The paper's score-fusion optima λ (1D, 2D, 3D), tuned on the reported data: BAUM-1s.</summary>
    public static IReadOnlyList<double> WeightsBaum { get; } = [0.2, 0.5, 0.3];

    /// <summary>Table 4: accuracy (%) of the 1D CNN per segment length (samples), with its convolution count.</summary>
    public static IReadOnlyList<PaperStudyFigure> Table4 { get; } =
    [
        new("125", "3 conv.", 23.34, 34.18),
        new("625", "4 conv.", 24.02, 37.37),
        new("3125", "5 conv.", 22.71, 36.05),
        new("15625", "6 conv.", 20.17, 33.84),
    ];

    /// <summary>Table 5: accuracy (%) of the 2D CNN per ImageNet-pretrained backbone, fine-tuned.</summary>
    public static IReadOnlyList<PaperStudyFigure> Table5 { get; } =
    [
        new("alexnet", "AlexNet", 29.24, 42.29),
        new("vgg16", "VGG-16", 28.16, 41.73),
        new("resnet50", "ResNet-50", 28.55, 41.97),
    ];

    /// <summary>Table 6: accuracy (%) of the 3D CNN per clip depth (successive Mel segments), with its first filter.</summary>
    public static IReadOnlyList<PaperStudyFigure> Table6 { get; } =
    [
        new("4", "[8, 8, 4]", 28.46, 37.97),
        new("6", "[8, 8, 6]", 24.28, 35.46),
        new("8", "[8, 8, 8]", 24.42, 35.61),
        new("10", "[8, 8, 10]", 24.54, 35.43),
    ];

    /// <summary>The paper's Table 7 accuracy of a combination, or null when the paper has no such row.</summary>
    /// <param name="networks">The networks.</param>
    /// <param name="level">The level.</param>
    public static PaperAccuracy? Find(IReadOnlyList<string> networks, FusionLevel level)
        => Table7.FirstOrDefault(p => p.Level == level && p.Networks.SequenceEqual(networks, StringComparer.OrdinalIgnoreCase));
}
