namespace MlNetSer.Pipeline;

/// <summary>
/// Column names of the fused model built by <see cref="SerPipelineTrainer"/>, fixed by convention so that
/// code reading a saved model (the CLI, experiments) finds every network's and every fusion's outputs.
/// </summary>
public static class SerColumns
{
    /// <summary>The input: a text column of audio file paths.</summary>
    public const string Path = "Path";

    /// <summary>The text label column of the training data (a key column of the same name during training and evaluation).</summary>
    public const string Label = "Label";

    /// <summary>The text speaker column of the training data.</summary>
    public const string Speaker = "Speaker";

    /// <summary>Decoded mono samples (dropped from the model's output).</summary>
    public const string Samples = "Samples";

    /// <summary>1D CNN input segments (dropped from the model's output).</summary>
    public const string Waveform = "Waveform";

    /// <summary>2D CNN input log-Mel segments (dropped from the model's output).</summary>
    public const string Mel = "Mel";

    /// <summary>3D CNN input clips (dropped from the model's output).</summary>
    public const string Clips = "Clips";

    /// <summary>
    /// Log-Mel segments cut at the clips' own <see cref="Features.MelClipOptions.FrameHop"/>, which the clips are stacked
    /// from when it differs from the Mel segments' hop (dropped from the model's output).
    /// </summary>
    public const string ClipSegments = "ClipSegments";

    /// <summary>Utterance scores of the 1D CNN (size C, class order of the label keys).</summary>
    public const string Score1d = "Score1d";

    /// <summary>Utterance features of the 1D CNN (1024).</summary>
    public const string Features1d = "Features1d";

    /// <summary>Utterance scores of the 2D CNN (size C).</summary>
    public const string Score2d = "Score2d";

    /// <summary>Utterance features of the 2D CNN (4096 AlexNet, 512 ResNet-18).</summary>
    public const string Features2d = "Features2d";

    /// <summary>Utterance scores of the 3D CNN (size C).</summary>
    public const string Score3d = "Score3d";

    /// <summary>Utterance features of the 3D CNN (256).</summary>
    public const string Features3d = "Features3d";

    /// <summary>Scores of the feature-level fusion classifier (one per class).</summary>
    public const string FeatureScore = "FeatureScore";

    /// <summary>Predicted label (key) of the feature-level fusion.</summary>
    public const string FeaturePredictedLabel = "FeaturePredictedLabel";

    /// <summary>Utterance log-Mel statistics (per Mel band, mean and standard deviation): the baseline's input (2 × bands).</summary>
    public const string MelStatistics = "MelStatistics";

    /// <summary>Scores of the shallow baseline (linear SVM on <see cref="MelStatistics"/>, one per class).</summary>
    public const string BaselineScore = "BaselineScore";

    /// <summary>Predicted label (key) of the shallow baseline.</summary>
    public const string BaselinePredictedLabel = "BaselinePredictedLabel";

    /// <summary>Fused scores of the score-level fusion (size C): the model's final scores.</summary>
    public const string Score = "Score";

    /// <summary>Predicted label (key) of the score-level fusion: the model's final prediction.</summary>
    public const string PredictedLabel = "PredictedLabel";
}
