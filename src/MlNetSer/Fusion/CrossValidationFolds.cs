using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSer.Fusion;

/// <summary>
/// Training/test pairs for cross-validating a fusion classifier's settings: whole groups (speakers) per fold
/// when a group column with at least two values is given, else ML.NET's row-level <c>CrossValidationSplit</c>.
/// </summary>
internal static class CrossValidationFolds
{
    private const string FoldColumn = "MlNetSer_CrossValidation_fold";

    /// <summary>At most <paramref name="folds"/> pairs; none when the data cannot be split in two.</summary>
    public static IReadOnlyList<(IDataView Training, IDataView Test)> Split(MLContext mlContext, IDataView data, string? groupColumnName, int folds, int seed)
    {
        if (groupColumnName is not null && data.Schema.GetColumnOrNull(groupColumnName) is { Type: TextDataViewType } column)
        {
            var groups = data.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString()).Distinct().Order(StringComparer.Ordinal).ToArray();
            if (groups.Length >= 2)
                return ByGroup(mlContext, data, groupColumnName, groups, Math.Min(folds, groups.Length));
        }

        var k = (int)Math.Min(folds, data.GetRowCount() ?? CountRows(data));
        return k < 2 ? [] : mlContext.Data.CrossValidationSplit(data, k, seed: seed).Select(s => (s.TrainSet, s.TestSet)).ToArray();
    }

    private static long CountRows(IDataView data)
    {
        using var cursor = data.GetRowCursor([]);
        long rows = 0;
        while (cursor.MoveNext())
            rows++;
        return rows;
    }

    private static IReadOnlyList<(IDataView, IDataView)> ByGroup(MLContext mlContext, IDataView data, string groupColumnName, string[] groups, int folds)
    {
        var pairs = new List<(IDataView, IDataView)>(folds);
        foreach (var heldGroups in Data.SpeakerSplit.Deal(groups, folds))
        {
            var held = groups.Select(name => new KeyValuePair<string, float>(name, heldGroups.Contains(name) ? 1f : 0f)).ToArray();
            var marked = mlContext.Transforms.Conversion.MapValue(FoldColumn, held, groupColumnName).Fit(data).Transform(data);
            pairs.Add((mlContext.Data.FilterRowsByColumn(marked, FoldColumn, upperBound: 0.5),
                mlContext.Data.FilterRowsByColumn(marked, FoldColumn, lowerBound: 0.5)));
        }

        return pairs;
    }
}
