namespace MlNetSer.Evaluation;

/// <summary>
/// The column names of the per-network scored data that <see cref="CombinationEvaluator"/> reads: a
/// key-typed <see cref="Label"/> (class order = the sorted label list) and, per network, a score column
/// (the mean segment softmax, [C] Single) and a feature column (the mean last-FC features, [F] Single).
/// </summary>
public static class Table7Columns
{
    /// <summary>The key-typed label column.</summary>
    public const string Label = "Label";

    /// <summary>Prefix of a network's utterance score column (<c>Score1d</c>, …).</summary>
    public const string ScorePrefix = "Score";

    /// <summary>Prefix of a network's utterance feature column (<c>Features1d</c>, …).</summary>
    public const string FeaturesPrefix = "Features";

    /// <summary>The paper's networks in its order: 1D CNN, 2D CNN, 3D CNN.</summary>
    public static IReadOnlyList<string> Networks { get; } = ["1d", "2d", "3d"];

    /// <summary>The utterance score column of <paramref name="network"/> (e.g. <c>Score2d</c>).</summary>
    /// <param name="network">A network name such as <c>2d</c>.</param>
    public static string Score(string network) => ScorePrefix + network;

    /// <summary>The utterance feature column of <paramref name="network"/> (e.g. <c>Features2d</c>).</summary>
    /// <param name="network">A network name such as <c>2d</c>.</param>
    public static string Features(string network) => FeaturesPrefix + network;
}
