using MlNetSer.Fusion;
using MlNetSer.Metrics;

namespace MlNetSer.Evaluation;

/// <summary>One network combination at one level, evaluated on one fold's test data (one cell of paper Table 7).</summary>
/// <param name="Networks">The networks combined, in the paper's order (e.g. <c>["1d", "3d"]</c>).</param>
/// <param name="Level">Single network, score-level or feature-level fusion.</param>
/// <param name="Weights">
/// λ per network for <see cref="FusionLevel.Score"/> (searched on validation) and <c>[1]</c> for
/// <see cref="FusionLevel.Single"/>; null for <see cref="FusionLevel.Feature"/>.
/// </param>
/// <param name="Oracle">The oracle figures (λ searched on test) of a score-level row when asked for; otherwise null.</param>
/// <param name="Report">The test report.</param>
public sealed record CombinationRow(
    IReadOnlyList<string> Networks,
    FusionLevel Level,
    IReadOnlyList<double>? Weights,
    OracleFigures? Oracle,
    MulticlassReport Report)
{
    /// <summary>
    /// Every point of the λ grid searched on the validation data, in the search's enumeration order, for a
    /// <see cref="FusionLevel.Score"/> row (the heatmap of the fusion-weight plot); null for other rows.
    /// </summary>
    public IReadOnlyList<FusionGridPoint>? ValidationGrid { get; init; }

    /// <summary>A file-name-safe identifier, e.g. <c>single_2d</c>, <c>score_1d+2d+3d</c>, <c>feature_1d+3d</c>.</summary>
    public string Id => IdOf(Networks, Level);

    /// <summary>The row label as in the paper's Table 7, e.g. <c>2D CNN</c>, <c>Score-level (1D, 2D, 3D)</c>.</summary>
    public string DisplayName => DisplayNameOf(Networks, Level);

    /// <summary>The identifier of a combination (see <see cref="Id"/>).</summary>
    /// <param name="networks">The networks.</param>
    /// <param name="level">The level.</param>
    public static string IdOf(IReadOnlyList<string> networks, FusionLevel level)
        => level == FusionLevel.Baseline ? BaselineId : $"{level.ToString().ToLowerInvariant()}_{string.Join("+", networks)}";

    /// <summary>The identifier of the baseline row.</summary>
    public const string BaselineId = "baseline";

    /// <summary>The label of the baseline row.</summary>
    public const string BaselineName = "Baseline: log-Mel statistics + linear SVM";

    /// <summary>The paper-style label of a combination (see <see cref="DisplayName"/>).</summary>
    /// <param name="networks">The networks.</param>
    /// <param name="level">The level.</param>
    public static string DisplayNameOf(IReadOnlyList<string> networks, FusionLevel level)
    {
        var names = string.Join(", ", networks.Select(n => n.ToUpperInvariant()));
        return level switch
        {
            FusionLevel.Single => $"{names} CNN",
            FusionLevel.Score => $"Score-level ({names})",
            FusionLevel.Baseline => BaselineName,
            _ => $"Feature-level ({names})",
        };
    }
}
