using MlNetSer.Training;

namespace MlNetSer.Evaluation;

/// <summary>Every combination of <see cref="CombinationEvaluator"/> on one fold.</summary>
/// <param name="Index">0-based fold index.</param>
/// <param name="Name">The fold's name (e.g. <c>group1</c>, <c>split</c>).</param>
/// <param name="ClassNames">Class names in class-index order.</param>
/// <param name="FusionCount">Utterances the fusions were fitted on (network outputs for speakers the networks did not train on).</param>
/// <param name="TestCount">Utterances in the test view.</param>
/// <param name="Rows">
/// Single and score-level rows first, then feature-level rows, each in the paper's order of subsets, then the baseline
/// row when the test view had the baseline's predictions.
/// </param>
public sealed record CombinationFold(
    int Index,
    string Name,
    IReadOnlyList<string> ClassNames,
    int FusionCount,
    int TestCount,
    IReadOnlyList<CombinationRow> Rows)
{
    /// <summary>Utterances the fold's networks were trained on (0 when not known, e.g. scores from elsewhere).</summary>
    public int TrainingCount { get; init; }

    /// <summary>Utterances of the fold's validation speakers (early stopping; the fusions' data), 0 when not known.</summary>
    public int ValidationCount { get; init; }

    /// <summary>
    /// Each network's training history in this fold, by network name (for the training-curve plots);
    /// null when the fold's scores came from elsewhere (e.g. evaluated without training).
    /// </summary>
    public IReadOnlyDictionary<string, TrainingHistory>? Training { get; init; }
}
