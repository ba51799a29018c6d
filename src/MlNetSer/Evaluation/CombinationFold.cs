using MlNetSer.Training;

namespace MlNetSer.Evaluation;

/// <summary>Every combination of <see cref="CombinationEvaluator"/> on one fold.</summary>
/// <param name="Index">0-based fold index.</param>
/// <param name="Name">The fold's name (e.g. <c>group1</c>, <c>split</c>).</param>
/// <param name="ClassNames">Class names in class-index order.</param>
/// <param name="TrainingCount">Utterances in the training view.</param>
/// <param name="ValidationCount">Utterances in the validation view.</param>
/// <param name="TestCount">Utterances in the test view.</param>
/// <param name="Rows">Single and score-level rows first, then feature-level rows, each in the paper's order of subsets.</param>
public sealed record CombinationFold(
    int Index,
    string Name,
    IReadOnlyList<string> ClassNames,
    int TrainingCount,
    int ValidationCount,
    int TestCount,
    IReadOnlyList<CombinationRow> Rows)
{
    /// <summary>
    /// Each network's training history in this fold, by network name (for the training-curve plots);
    /// null when the fold's scores came from elsewhere (e.g. evaluated without training).
    /// </summary>
    public IReadOnlyDictionary<string, TrainingHistory>? Training { get; init; }
}
