using MlNetSer.Pipeline;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Metrics;

namespace MlNetSer.Evaluation;

/// <summary>The labels and per-network utterance scores of one scored view, read into memory (a few floats per utterance).</summary>
internal sealed class ScoredView
{
    private ScoredView(int[] labels, float[][][] scores)
    {
        Labels = labels;
        Scores = scores;
    }

    /// <summary>0-based class index per utterance.</summary>
    public int[] Labels { get; }

    /// <summary>Per requested column, the score matrix [utterance][class].</summary>
    public float[][][] Scores { get; }

    public static IReadOnlyList<string> ClassNames(IDataView view, string part)
    {
        var column = view.Schema.GetColumnOrNull(SerColumns.Label)
            ?? throw new ArgumentException($"The {part} view has no label column '{SerColumns.Label}'.", nameof(view));
        if (column.Type is not KeyDataViewType { RawType: var raw, Count: > 0 } || raw != typeof(uint))
            throw new ArgumentException($"The {part} view's label column '{SerColumns.Label}' is {column.Type}; it must be a UInt32 key (MapValueToKey with the sorted label list as keyData).", nameof(view));
        return MulticlassReport.ClassNamesOf(view.Schema, SerColumns.Label);
    }

    public static void RequireSameClasses(IReadOnlyList<string> test, IReadOnlyList<string> other, string part)
    {
        if (!test.SequenceEqual(other))
            throw new ArgumentException($"The {part} view has classes [{string.Join(", ", other)}] but the test view has [{string.Join(", ", test)}]; map every view's label with the same keyData.", part);
    }

    public static int Count(IDataView view, string part)
    {
        var count = 0;
        using (var cursor = view.GetRowCursor([]))
        {
            while (cursor.MoveNext())
                count++;
        }

        return count > 0 ? count : throw new ArgumentException($"The {part} view has no rows.", nameof(view));
    }

    public static ScoredView Read(IDataView view, string part, IReadOnlyList<string> scoreColumns, int classes)
    {
        var label = view.Schema[SerColumns.Label];
        var columns = scoreColumns.Select(name => ScoreColumn(view.Schema, part, name, classes)).ToArray();
        var labels = new List<int>();
        var scores = columns.Select(_ => new List<float[]>()).ToArray();
        using (var cursor = view.GetRowCursor(columns.Append(label)))
        {
            var getLabel = cursor.GetGetter<uint>(label);
            var getters = columns.Select(c => cursor.GetGetter<VBuffer<float>>(c)).ToArray();
            uint key = 0;
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                getLabel(ref key);
                if (key == 0)
                    throw new ArgumentException($"The {part} view, row {cursor.Position}: the label is missing (key value 0; a label outside keyData?).", nameof(view));
                labels.Add((int)key - 1);
                for (var n = 0; n < getters.Length; n++)
                {
                    getters[n](ref buffer);
                    var dense = buffer.DenseValues().ToArray();
                    if (dense.Any(v => !float.IsFinite(v)))
                        throw new ArgumentException($"The {part} view, row {cursor.Position}: '{columns[n].Name}' holds a NaN or infinite score.", nameof(view));
                    scores[n].Add(dense);
                }
            }
        }

        if (labels.Count == 0)
            throw new ArgumentException($"The {part} view has no rows.", nameof(view));
        return new ScoredView(labels.ToArray(), scores.Select(s => s.ToArray()).ToArray());
    }

    private static DataViewSchema.Column ScoreColumn(DataViewSchema schema, string part, string name, int classes)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"The {part} view has no score column '{name}'.", nameof(schema));
        if (column.Type is not VectorDataViewType { ItemType: var item, Size: var size } || item != NumberDataViewType.Single || size != classes)
            throw new ArgumentException($"The {part} view's score column '{name}' is {column.Type}; it must be a vector of {classes} Single (one per class).", nameof(schema));
        return column;
    }
}
