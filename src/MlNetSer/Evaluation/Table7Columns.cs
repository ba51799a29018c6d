using MlNetSer.Pipeline;

namespace MlNetSer.Evaluation;

/// <summary>
/// The column names of the per-network scored data that <see cref="CombinationEvaluator"/> reads: a
/// key-typed <see cref="Label"/> (class order = the sorted label list) and, per network, a score column
/// (the mean segment softmax, [C] Single) and a feature column (the mean last-FC features, [F] Single).
/// They are the pipeline's names (<see cref="SerColumns"/>), so a model trained by
/// <see cref="SerPipelineTrainer"/> is evaluated without renaming anything.
/// </summary>
public static class Table7Columns
{
    /// <summary>The key-typed label column.</summary>
    public const string Label = SerColumns.Label;

    /// <summary>The paper's networks in its order: 1D CNN, 2D CNN, 3D CNN.</summary>
    public static IReadOnlyList<string> Networks => SerColumns.NetworkNames;

    /// <summary>The utterance score column of <paramref name="network"/> (e.g. <c>Score2d</c>).</summary>
    /// <param name="network">A network name such as <c>2d</c>.</param>
    public static string Score(string network) => SerColumns.ScoreOf(network);

    /// <summary>The utterance feature column of <paramref name="network"/> (e.g. <c>Features2d</c>).</summary>
    /// <param name="network">A network name such as <c>2d</c>.</param>
    public static string Features(string network) => SerColumns.FeaturesOf(network);
}
