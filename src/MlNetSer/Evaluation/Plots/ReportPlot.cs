namespace MlNetSer.Evaluation.Plots;

/// <summary>One PNG written beside a report, as the report links it.</summary>
/// <param name="Kind">What it shows.</param>
/// <param name="Path">The file's full path.</param>
/// <param name="RelativePath">The path relative to the report's folder, with '/' separators (the markdown link).</param>
/// <param name="Title">The plot's title (the link text).</param>
/// <param name="Fold">The fold it belongs to; null for plots over all folds.</param>
/// <param name="CombinationId">The combination it shows (<see cref="CombinationRow.Id"/>); null for training curves.</param>
public sealed record ReportPlot(ReportPlotKind Kind, string Path, string RelativePath, string Title, string? Fold, string? CombinationId);
