using MlNetSer.Models;

namespace MlNetSer.Transforms;

/// <summary>
/// What a fitted <see cref="SerNetworkEstimator"/> records about its network in the model zip, so that a
/// model loaded with <c>mlContext.Model.Load</c> still tells which class each score belongs to
/// (read it back with <see cref="SerNetworkInspector.FindNetworks"/>).
/// </summary>
public sealed class SerNetworkInfo
{
    /// <summary>
    /// The network's name: <c>1d</c>, <c>2d</c> or <c>3d</c> in a fused model (see <c>SerNetworkId</c>), else its score
    /// column's name; empty in models saved before it was recorded.
    /// </summary>
    public string Name { get; set; } = "";

    /// <summary>The network kind.</summary>
    public NetworkKind Kind { get; set; }

    /// <summary>The architecture name written into the ONNX model (e.g. <c>cnn1d</c>).</summary>
    public string Network { get; set; } = "";

    /// <summary>Class names in score order (score slot i is class <c>Labels[i]</c>, key value i + 1 of the training label column).</summary>
    public string[] Labels { get; set; } = [];

    /// <summary>Shape of one segment without the leading segment count N.</summary>
    public long[] SegmentShape { get; set; } = [];

    /// <summary>Size F of the utterance features.</summary>
    public int FeatureSize { get; set; }

    /// <summary>The segments column scored.</summary>
    public string SegmentColumnName { get; set; } = "";

    /// <summary>The utterance scores column (size = number of labels).</summary>
    public string ScoreColumnName { get; set; } = "";

    /// <summary>The utterance features column (size <see cref="FeatureSize"/>).</summary>
    public string FeaturesColumnName { get; set; } = "";

    /// <summary>
    /// Where the weights started from before training: <c>random</c>, <c>imagenet</c> (the ResNet-18 of the package
    /// Microsoft.ML.DnnImageFeaturizer.ResNet18) or <c>state dict &lt;file name&gt;</c>; empty in models saved before it was recorded.
    /// </summary>
    public string Initialization { get; set; } = "";

    /// <summary>How the input normalisation was set from the training data (null for networks without one, and in models saved before it was recorded).</summary>
    public MlNetSer.Training.InputNormalizationMode? InputNormalization { get; set; }

    /// <summary>How the segments' probabilities become the utterance scores (models saved before it was recorded: the mean).</summary>
    public SegmentAggregation Aggregation { get; set; }
}
