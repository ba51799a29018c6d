using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSer.Tests.Evaluation;

/// <summary>One utterance as the pipeline's per-network scoring leaves it (column names of SerColumns and SerNetworkId).</summary>
public sealed class ThreeNetworkRow
{
    public const int Classes = 3;
    public const int FeatureSize = 4;

    public string Label { get; set; } = "";

    [VectorType(Classes)]
    public float[] Score1d { get; set; } = [];

    [VectorType(Classes)]
    public float[] Score2d { get; set; } = [];

    [VectorType(Classes)]
    public float[] Score3d { get; set; } = [];

    [VectorType(FeatureSize)]
    public float[] Features1d { get; set; } = [];

    [VectorType(FeatureSize)]
    public float[] Features2d { get; set; } = [];

    [VectorType(FeatureSize)]
    public float[] Features3d { get; set; } = [];
}

/// <summary>The same without a 3D network.</summary>
public sealed class TwoNetworkRow
{
    public string Label { get; set; } = "";

    [VectorType(ThreeNetworkRow.Classes)]
    public float[] Score1d { get; set; } = [];

    [VectorType(ThreeNetworkRow.Classes)]
    public float[] Score2d { get; set; } = [];

    [VectorType(ThreeNetworkRow.FeatureSize)]
    public float[] Features1d { get; set; } = [];

    [VectorType(ThreeNetworkRow.FeatureSize)]
    public float[] Features2d { get; set; } = [];
}

/// <summary>
/// Constructed scored views: each network is strong on some classes and near chance on the others, so
/// that combining them pays (1d knows "anger", 3d knows "joy", 2d is fair on "sad").
/// </summary>
internal static class ScoredFoldData
{
    /// <summary>Class names, sorted as the pipeline's key order.</summary>
    public static readonly string[] ClassNames = ["anger", "joy", "sad"];

    // Per network, the true-class logit bonus per class: strong where the network is good.
    private static readonly double[] Strength1d = [3.0, 0.2, 0.8];
    private static readonly double[] Strength2d = [0.6, 0.6, 1.2];
    private static readonly double[] Strength3d = [0.2, 3.0, 0.8];

    public static ThreeNetworkRow[] ThreeNetworks(int perClass, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, perClass * ThreeNetworkRow.Classes).Select(i =>
        {
            var label = i % ThreeNetworkRow.Classes;
            return new ThreeNetworkRow
            {
                Label = ClassNames[label],
                Score1d = Softmax(label, Strength1d[label], random),
                Score2d = Softmax(label, Strength2d[label], random),
                Score3d = Softmax(label, Strength3d[label], random),
                Features1d = Features(label, Strength1d[label], random),
                Features2d = Features(label, Strength2d[label], random),
                Features3d = Features(label, Strength3d[label], random),
            };
        }).ToArray();
    }

    /// <summary>
    /// Two networks whose quality is given per view: <paramref name="strength1d"/> and <paramref name="strength2d"/>
    /// are the true-class logit bonus of every class (0 = pure noise).
    /// </summary>
    public static TwoNetworkRow[] TwoNetworks(int perClass, int seed, double strength1d, double strength2d)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, perClass * ThreeNetworkRow.Classes).Select(i =>
        {
            var label = i % ThreeNetworkRow.Classes;
            return new TwoNetworkRow
            {
                Label = ClassNames[label],
                Score1d = Softmax(label, strength1d, random),
                Score2d = Softmax(label, strength2d, random),
                Features1d = Features(label, strength1d, random),
                Features2d = Features(label, strength2d, random),
            };
        }).ToArray();
    }

    /// <summary>The rows as an IDataView with <c>Label</c> mapped to a key over <see cref="ClassNames"/>.</summary>
    public static IDataView Keyed<T>(MLContext mlContext, IEnumerable<T> rows)
        where T : class
    {
        var data = mlContext.Data.LoadFromEnumerable(rows);
        var keyData = mlContext.Data.LoadFromEnumerable(ClassNames.Select(n => new LabelOnly { Label = n }));
        return mlContext.Transforms.Conversion.MapValueToKey("Label", keyData: keyData).Fit(data).Transform(data);
    }

    /// <summary>The score matrix [utterance][class] of one network, as the evaluator should read it.</summary>
    public static float[][] Scores<T>(IEnumerable<T> rows, Func<T, float[]> column) => rows.Select(column).ToArray();

    /// <summary>Class indices of the rows.</summary>
    public static int[] Labels(IEnumerable<ThreeNetworkRow> rows) => rows.Select(r => Array.IndexOf(ClassNames, r.Label)).ToArray();

    /// <summary>Class indices of the rows.</summary>
    public static int[] Labels(IEnumerable<TwoNetworkRow> rows) => rows.Select(r => Array.IndexOf(ClassNames, r.Label)).ToArray();

    private sealed class LabelOnly
    {
        public string Label { get; set; } = "";
    }

    // A noisy softmax whose true-class logit gets a bonus of `strength`.
    private static float[] Softmax(int label, double strength, Random random)
    {
        var logits = Enumerable.Range(0, ThreeNetworkRow.Classes).Select(c => random.NextDouble() * 2 + (c == label ? strength : 0)).ToArray();
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => (float)(e / sum)).ToArray();
    }

    // Features: the class's one-hot direction scaled by `strength` in the first three entries, noise in all.
    private static float[] Features(int label, double strength, Random random)
        => Enumerable.Range(0, ThreeNetworkRow.FeatureSize)
            .Select(d => (float)((d == label ? strength : 0) + random.NextDouble() * 1.5))
            .ToArray();
}
