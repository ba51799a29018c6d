using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSer.Tests.Fusion;

/// <summary>One utterance as the per-network scoring estimator would leave it: three score and three feature columns.</summary>
public sealed class FusionRow
{
    public const int Classes = 3;
    public const int FeatureSize = 4;

    public string Label { get; set; } = "";

    public string Speaker { get; set; } = "";

    [VectorType(Classes)]
    public float[] S1 { get; set; } = [];

    [VectorType(Classes)]
    public float[] S2 { get; set; } = [];

    [VectorType(Classes)]
    public float[] S3 { get; set; } = [];

    [VectorType(FeatureSize)]
    public float[] F1 { get; set; } = [];

    [VectorType(FeatureSize)]
    public float[] F2 { get; set; } = [];

    [VectorType(FeatureSize)]
    public float[] F3 { get; set; } = [];
}

/// <summary>Constructed utterance scores and features: networks of different quality, features separable by class.</summary>
internal static class FusionTestData
{
    public static readonly string[] ClassNames = ["angry", "happy", "sad"];

    /// <summary><paramref name="count"/> rows; network n is right with a probability that grows with <paramref name="seed"/>-seeded noise.</summary>
    public static FusionRow[] Rows(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new FusionRow[count];
        for (var i = 0; i < count; i++)
        {
            var label = i % FusionRow.Classes;
            rows[i] = new FusionRow
            {
                Label = ClassNames[label],
                Speaker = $"spk{i % 7}",
                S1 = Softmax(label, 0.8, random),
                S2 = Softmax(label, 1.2, random),
                S3 = Softmax(label, 0.5, random),
                F1 = Features(label, 0, 3.0, random),
                F2 = Features(label, 1, 3.0, random),
                F3 = Features(label, 2, 50.0, random),
            };
        }

        return rows;
    }

    /// <summary>The rows with <c>Label</c> mapped to a key (classes in <see cref="ClassNames"/> order).</summary>
    public static IDataView Keyed(MLContext mlContext, IEnumerable<FusionRow> rows)
    {
        var data = mlContext.Data.LoadFromEnumerable(rows);
        var keyData = mlContext.Data.LoadFromEnumerable(ClassNames.Select(n => new LabelOnly { Label = n }));
        return mlContext.Transforms.Conversion.MapValueToKey("Label", keyData: keyData).Fit(data).Transform(data);
    }

    private sealed class LabelOnly
    {
        public string Label { get; set; } = "";
    }

    // A noisy softmax whose true-class logit gets a bonus of `strength`.
    private static float[] Softmax(int label, double strength, Random random)
    {
        var logits = Enumerable.Range(0, FusionRow.Classes).Select(c => random.NextDouble() * 2 + (c == label ? strength : 0)).ToArray();
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        return exp.Select(e => (float)(e / exp.Sum())).ToArray();
    }

    // Class-dependent mean in one slot, unit noise elsewhere; `scale` makes the networks' ranges differ.
    private static float[] Features(int label, int offset, double scale, Random random)
        => Enumerable.Range(0, FusionRow.FeatureSize)
            .Select(j => (float)(scale * ((j == (label + offset) % FusionRow.FeatureSize ? 2.0 : 0.0) + random.NextDouble() - 0.5)))
            .ToArray();
}
