using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSer.Metrics;

/// <summary>
/// The figures the paper reports for one classifier on one test set (Tables 7–9, Figs. 2–3): accuracy,
/// unweighted average recall, per-class recall, precision and F1, and the confusion matrix. Plain data,
/// serialisable with System.Text.Json.
/// </summary>
/// <param name="ClassNames">Class names in class-index order.</param>
/// <param name="Count">Number of examples.</param>
/// <param name="Accuracy">Share of examples predicted correctly (ML.NET's MicroAccuracy).</param>
/// <param name="Uar">
/// Unweighted average recall: the mean recall over the classes that have at least one true example
/// (ML.NET's MacroAccuracy).
/// </param>
/// <param name="PerClass">Per-class figures in class-index order.</param>
/// <param name="ConfusionMatrix">Counts, <c>[true class][predicted class]</c> (rows true, columns predicted).</param>
public sealed record MulticlassReport(
    IReadOnlyList<string> ClassNames,
    int Count,
    double Accuracy,
    double Uar,
    IReadOnlyList<ClassMetrics> PerClass,
    int[][] ConfusionMatrix)
{
    /// <summary>Computes the report from class indices.</summary>
    /// <param name="truth">True class index of each example, in [0, classes).</param>
    /// <param name="predicted">Predicted class index of each example, in [0, classes).</param>
    /// <param name="classNames">Class names in index order; their count is the number of classes.</param>
    /// <exception cref="ArgumentException">No examples, lengths differ, or an index is out of range.</exception>
    public static MulticlassReport Compute(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(classNames);
        var counts = Confusion(truth, predicted, classNames.Count);

        var perClass = new ClassMetrics[classNames.Count];
        for (var c = 0; c < classNames.Count; c++)
        {
            var truePositives = counts[c][c];
            var support = counts[c].Sum();
            var predictedAs = counts.Sum(row => row[c]);
            var recall = support == 0 ? 0 : (double)truePositives / support;
            var precision = predictedAs == 0 ? 0 : (double)truePositives / predictedAs;
            var f1 = recall + precision == 0 ? 0 : 2 * recall * precision / (recall + precision);
            perClass[c] = new ClassMetrics(classNames[c], support, recall, precision, f1);
        }

        var correct = Enumerable.Range(0, classNames.Count).Sum(c => counts[c][c]);
        return new MulticlassReport(classNames.ToArray(), truth.Count, (double)correct / truth.Count,
            UarOf(perClass), perClass, counts);
    }

    /// <summary>
    /// Computes the report from a scored <see cref="IDataView"/>: a key-typed label column and either a
    /// key-typed predicted-label column with the same key count or a text one holding class names (a model that ends in
    /// <c>MapKeyToValue</c>). Class names come from the label's key values when it has them, else they are the indices.
    /// </summary>
    /// <param name="data">Scored data.</param>
    /// <param name="labelColumnName">The key-typed label column.</param>
    /// <param name="predictedLabelColumnName">The predicted label column (key, or text class names).</param>
    /// <exception cref="ArgumentException">A column is missing, is not a UInt32 key (or text), or the key counts differ; a row has a missing label or prediction.</exception>
    public static MulticlassReport FromDataView(IDataView data, string labelColumnName = "Label", string predictedLabelColumnName = "PredictedLabel")
    {
        ArgumentNullException.ThrowIfNull(data);
        var classes = KeyCount(data.Schema, labelColumnName);
        var names = ClassNamesOf(data.Schema, labelColumnName);
        var predictedColumn = data.Schema.GetColumnOrNull(predictedLabelColumnName)
            ?? throw new ArgumentException($"The data has no '{predictedLabelColumnName}' column.", nameof(data));
        var isText = predictedColumn.Type is TextDataViewType;
        if (!isText && KeyCount(data.Schema, predictedLabelColumnName) is var predictedClasses && predictedClasses != classes)
            throw new ArgumentException($"'{labelColumnName}' has {classes} classes but '{predictedLabelColumnName}' has {predictedClasses}.", nameof(data));

        var truth = new List<int>();
        var predicted = new List<int>();
        var labelColumn = data.Schema[labelColumnName];
        using (var cursor = data.GetRowCursor(new[] { labelColumn, predictedColumn }))
        {
            var getLabel = cursor.GetGetter<uint>(labelColumn);
            var getPredicted = PredictionGetter(cursor, predictedColumn, names);
            uint label = 0;
            while (cursor.MoveNext())
            {
                getLabel(ref label);
                var prediction = getPredicted();
                if (label == 0)
                    throw new ArgumentException($"Row {cursor.Position}: the label '{labelColumnName}' is missing (key value 0).", nameof(data));
                if (prediction < 0)
                    throw new ArgumentException($"Row {cursor.Position}: the prediction '{predictedLabelColumnName}' is missing or not one of the classes.", nameof(data));
                truth.Add((int)label - 1);
                predicted.Add(prediction);
            }
        }

        if (truth.Count == 0)
            throw new ArgumentException("The data has no rows to evaluate.", nameof(data));
        return Compute(truth, predicted, names);
    }

    // The predicted class index of the current row (-1: missing), from a key column or from the class names in a text
    // column (what a model ending in MapKeyToValue outputs).
    private static Func<int> PredictionGetter(DataViewRowCursor cursor, DataViewSchema.Column column, IReadOnlyList<string> names)
    {
        if (column.Type is TextDataViewType)
        {
            var getText = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
            ReadOnlyMemory<char> text = default;
            return () =>
            {
                getText(ref text);
                return index.TryGetValue(text.ToString(), out var i) ? i : -1;
            };
        }

        var getKey = cursor.GetGetter<uint>(column);
        uint key = 0;
        return () =>
        {
            getKey(ref key);
            return (int)key - 1;
        };
    }

    /// <summary>
    /// The class names of a key-typed column: its key values when they are text, else "0", "1", ….
    /// </summary>
    /// <param name="schema">The schema holding the column.</param>
    /// <param name="keyColumnName">A UInt32 key column.</param>
    public static IReadOnlyList<string> ClassNamesOf(DataViewSchema schema, string keyColumnName)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var count = KeyCount(schema, keyColumnName);
        var column = schema[keyColumnName];
        if (column.Annotations.Schema.GetColumnOrNull("KeyValues")?.Type is VectorDataViewType { ItemType: TextDataViewType })
        {
            VBuffer<ReadOnlyMemory<char>> values = default;
            column.GetKeyValues(ref values);
            var names = values.DenseValues().Select(v => v.ToString()).ToArray();
            if (names.Length == count)
                return names;
        }

        return Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    private static int KeyCount(DataViewSchema schema, string columnName)
    {
        var column = schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentException($"Column '{columnName}' not found.", nameof(schema));
        if (column.Type is not KeyDataViewType key || key.RawType != typeof(uint) || key.Count == 0 || key.Count > int.MaxValue)
            throw new ArgumentException($"Column '{columnName}' is {column.Type}; it must be a UInt32 key with a known count (e.g. from MapValueToKey).", nameof(schema));
        return (int)key.Count;
    }

    private static int[][] Confusion(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        if (classes < 1)
            throw new ArgumentException("At least one class name is needed.", "classNames");
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"{truth.Count} true labels but {predicted.Count} predictions.", nameof(predicted));
        if (truth.Count == 0)
            throw new ArgumentException("No examples to evaluate.", nameof(truth));

        var counts = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        for (var i = 0; i < truth.Count; i++)
        {
            if ((uint)truth[i] >= (uint)classes || (uint)predicted[i] >= (uint)classes)
                throw new ArgumentException($"Example {i}: class index (true {truth[i]}, predicted {predicted[i]}) outside [0, {classes}).", nameof(truth));
            counts[truth[i]][predicted[i]]++;
        }

        return counts;
    }

    private static double UarOf(IReadOnlyList<ClassMetrics> perClass)
    {
        var present = perClass.Where(c => c.Support > 0).ToArray();
        return present.Length == 0 ? 0 : present.Average(c => c.Recall);
    }
}
