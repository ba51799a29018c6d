namespace MlNetSer.Models;

/// <summary>
/// Options of <see cref="PretrainedWeights.LoadStateDict"/>. Defaults: strict (any mismatch outside the
/// classification head is an error) and the <c>module.</c> prefix that <c>torch.nn.DataParallel</c> adds
/// is stripped.
/// </summary>
public sealed class PretrainedWeightsOptions
{
    /// <summary>
    /// When true (default), a key of the network missing from the file, or a tensor whose shape differs
    /// outside the classification head, throws <see cref="InvalidDataException"/>. When false these are
    /// only listed in the <see cref="PretrainedWeightsReport"/> and the affected tensors keep their values.
    /// </summary>
    public bool Strict { get; set; } = true;

    /// <summary>
    /// Prefixes removed from the file's keys before they are matched with the network's (default
    /// <c>["module."]</c>, what <c>DataParallel</c> and <c>DistributedDataParallel</c> prepend; add e.g.
    /// <c>"model."</c> or <c>"backbone."</c> for wrappers that nest the network). The first prefix a key
    /// starts with is removed, once.
    /// </summary>
    public IList<string> StripPrefixes { get; set; } = new List<string> { "module." };
}
