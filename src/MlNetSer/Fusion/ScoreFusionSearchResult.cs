namespace MlNetSer.Fusion;

/// <summary>The outcome of <see cref="ScoreFusionSearch.Search"/>: the chosen weights and every grid point (e.g. for a heatmap).</summary>
/// <param name="Best">The chosen grid point (see <see cref="ScoreFusionSearch"/> for the tie rule).</param>
/// <param name="Grid">Every grid point in enumeration order (lexicographic in the weights).</param>
public sealed record ScoreFusionSearchResult(FusionGridPoint Best, IReadOnlyList<FusionGridPoint> Grid);
