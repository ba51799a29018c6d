using Microsoft.ML;
using Microsoft.ML.Transforms;

namespace MlNetSer.Pipeline;

/// <summary>The text <see cref="SerColumns.Label"/> as a key whose class order is a given label list.</summary>
internal static class LabelKey
{
    /// <summary>
    /// <c>MapValueToKey</c> of <see cref="SerColumns.Label"/> in place, with the keys in <paramref name="labels"/> order
    /// whatever the data's order; a label not in the list becomes the missing key (0).
    /// </summary>
    public static ValueToKeyMappingEstimator Estimator(MLContext mlContext, IReadOnlyList<string> labels)
        => mlContext.Transforms.Conversion.MapValueToKey(SerColumns.Label, SerColumns.Label,
            keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence,
            keyData: mlContext.Data.LoadFromEnumerable(labels.Select(l => new LabelRow { Label = l })));

    /// <summary><paramref name="data"/> with its text label keyed by <see cref="Estimator"/>.</summary>
    public static IDataView Apply(MLContext mlContext, IDataView data, IReadOnlyList<string> labels)
        => Estimator(mlContext, labels).Fit(data).Transform(data);

    private sealed class LabelRow
    {
        public string Label { get; set; } = "";
    }
}
