namespace MlNetSer.Onnx;

/// <summary>What an exported model records about itself besides its weights.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>Class labels in class-index order; must have one entry per network class.</summary>
    public IReadOnlyList<string> Labels { get; set; } = Array.Empty<string>();

    /// <summary>
    /// The feature options the input must be computed with, stored as JSON under <see cref="OnnxContract.FeatureOptionsKey"/>
    /// (default null: unknown, stored as <c>{}</c>).
    /// </summary>
    public Features.FeatureOptions? Features { get; set; }

    /// <summary>Further metadata properties to store (keys must not clash with the contract's).</summary>
    public IDictionary<string, string> ExtraMetadata { get; set; } = new Dictionary<string, string>();
}
