namespace MlNetSer.Evaluation;

/// <summary>One combination across folds: mean ± standard deviation of its test figures.</summary>
/// <param name="Networks">The networks combined.</param>
/// <param name="Level">Single network, score-level or feature-level fusion.</param>
/// <param name="WeightsPerFold">λ chosen on validation in each fold (null entries for feature-level rows).</param>
/// <param name="Summary">The test figures across folds.</param>
/// <param name="OracleWeightsPerFold">The oracle λ of each fold (searched on test); null when no oracle was computed.</param>
/// <param name="Oracle">The oracle test figures across folds; null when no oracle was computed.</param>
public sealed record CombinationSummary(
    IReadOnlyList<string> Networks,
    FusionLevel Level,
    IReadOnlyList<IReadOnlyList<double>?> WeightsPerFold,
    FoldSummary Summary,
    IReadOnlyList<IReadOnlyList<double>>? OracleWeightsPerFold,
    FoldSummary? Oracle)
{
    /// <summary>A file-name-safe identifier (see <see cref="CombinationRow.Id"/>).</summary>
    public string Id => CombinationRow.IdOf(Networks, Level);

    /// <summary>The paper-style label (see <see cref="CombinationRow.DisplayName"/>).</summary>
    public string DisplayName => CombinationRow.DisplayNameOf(Networks, Level);

    /// <summary>Summarises the same combinations across folds (matched by networks and level).</summary>
    /// <param name="folds">At least one fold; every fold must have the same combinations and classes.</param>
    /// <exception cref="ArgumentException">No folds, or a combination missing from a fold.</exception>
    public static IReadOnlyList<CombinationSummary> Of(IReadOnlyList<CombinationFold> folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        if (folds.Count == 0)
            throw new ArgumentException("A summary needs at least one fold.", nameof(folds));
        var summaries = new List<CombinationSummary>();
        foreach (var first in folds[0].Rows)
        {
            var rows = folds.Select(f => f.Rows.FirstOrDefault(r => r.Id == first.Id)
                ?? throw new ArgumentException($"Fold '{f.Name}' has no row '{first.Id}' but fold '{folds[0].Name}' has.", nameof(folds))).ToArray();
            var hasOracle = rows.All(r => r.Oracle is not null);
            summaries.Add(new CombinationSummary(
                first.Networks,
                first.Level,
                rows.Select(r => r.Weights).ToArray(),
                FoldSummary.Of(rows.Select(r => r.Report).ToArray()),
                hasOracle ? rows.Select(r => r.Oracle!.Weights).ToArray() : null,
                hasOracle ? FoldSummary.Of(rows.Select(r => r.Oracle!.Report).ToArray()) : null));
        }

        return summaries;
    }
}
