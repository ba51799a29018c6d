namespace MlNetSer.Onnx;

/// <summary>What an exported model records about itself besides its weights.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>Class labels in class-index order; must have one entry per network class.</summary>
    public IReadOnlyList<string> Labels { get; set; } = Array.Empty<string>();

    /// <summary>
    /// The feature options the input must be computed with, as JSON (<c>FeatureOptions.ToJson</c>), stored verbatim under
    /// <see cref="OnnxContract.FeatureOptionsKey"/>. Default <c>{}</c>: unknown.
    /// </summary>
    public string FeatureOptionsJson { get; set; } = "{}";

    /// <summary>Further metadata properties to store (keys must not clash with the contract's).</summary>
    public IDictionary<string, string> ExtraMetadata { get; set; } = new Dictionary<string, string>();
}
