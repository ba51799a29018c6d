namespace MlNetSer.Models;

/// <summary>What <see cref="PretrainedWeights.LoadStateDict"/> did with a state dict, key by key (network key names).</summary>
/// <param name="Path">The state-dict file.</param>
/// <param name="LoadedKeys">Parameters and buffers copied from the file.</param>
/// <param name="SkippedHeadKeys">
/// Classification-head tensors whose shape differs (e.g. a 1000-way ImageNet head against a C-way one):
/// the network keeps its fresh initialisation for them.
/// </param>
/// <param name="MissingKeys">Network tensors the file does not hold (they keep their values).</param>
/// <param name="UnexpectedKeys">File keys (after prefix stripping) the network does not have; ignored.</param>
/// <param name="MismatchedKeys">
/// Non-head tensors whose shape differs, as <c>key: file [..] vs network [..]</c>; only non-empty when
/// <see cref="PretrainedWeightsOptions.Strict"/> is false (otherwise they throw).
/// </param>
public sealed record PretrainedWeightsReport(
    string Path,
    IReadOnlyList<string> LoadedKeys,
    IReadOnlyList<string> SkippedHeadKeys,
    IReadOnlyList<string> MissingKeys,
    IReadOnlyList<string> UnexpectedKeys,
    IReadOnlyList<string> MismatchedKeys)
{
    /// <summary>One line for logs: counts of each kind.</summary>
    public override string ToString() =>
        $"{Path}: {LoadedKeys.Count} tensors loaded, {SkippedHeadKeys.Count} head tensors kept fresh, "
        + $"{MissingKeys.Count} missing, {UnexpectedKeys.Count} unexpected, {MismatchedKeys.Count} mismatched";
}
