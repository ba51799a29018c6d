namespace MlNetSer.Onnx;

/// <summary>
/// Names of the exported model's inputs, outputs and metadata: the contract any ONNX Runtime client
/// (and MlNetSer's own scoring) relies on.
/// </summary>
public static class OnnxContract
{
    /// <summary>Opset the exporter targets.</summary>
    public const int Opset = 17;

    /// <summary>ONNX IR version that goes with <see cref="Opset"/>.</summary>
    public const long IrVersion = 8;

    /// <summary>Input <c>[N, ..segment shape]</c>: the segments of one utterance.</summary>
    public const string Input = "input";

    /// <summary>Symbolic name of the segment-count dimension.</summary>
    public const string SegmentDimension = "N";

    /// <summary>Output <c>[N, C]</c>: softmax per segment.</summary>
    public const string SegmentProbabilities = "seg_probs";

    /// <summary>Output <c>[1, C]</c>: mean of <see cref="SegmentProbabilities"/> over segments (the paper's average pooling).</summary>
    public const string UtteranceProbabilities = "utt_probs";

    /// <summary>Output <c>[N, F]</c>: last hidden fully connected layer per segment.</summary>
    public const string SegmentFeatures = "seg_features";

    /// <summary>Output <c>[1, F]</c>: mean of <see cref="SegmentFeatures"/> over segments.</summary>
    public const string UtteranceFeatures = "utt_features";

    /// <summary>Metadata key: class labels as a JSON array in class-index order.</summary>
    public const string LabelsKey = "labels";

    /// <summary>Metadata key: network name (e.g. <c>cnn1d</c>).</summary>
    public const string NetworkKey = "network";

    /// <summary>Metadata key: MlNetSer version that wrote the model.</summary>
    public const string VersionKey = "mlnetser_version";

    /// <summary>Metadata key: the feature options (JSON) the network's input must be computed with.</summary>
    public const string FeatureOptionsKey = "feature_options";

    /// <summary>Metadata key: segment shape without N, as a JSON array.</summary>
    public const string InputShapeKey = "input_shape";

    /// <summary>Metadata key: feature size F.</summary>
    public const string FeatureSizeKey = "feature_size";
}
