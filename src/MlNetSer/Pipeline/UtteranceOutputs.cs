using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSer.Pipeline;

/// <summary>
/// Per-utterance outputs of the networks (scores and features) and the log-Mel statistics, read out of scored
/// data views into memory so that outputs of different models (out-of-fold networks, validation speakers) can be
/// put together into one data view for the fusions. Utterance-level vectors are small (a few thousand floats),
/// unlike the segment tensors, which are never held here.
/// </summary>
internal sealed class UtteranceOutputs
{
    // Every vector column a fusion may read, in SerColumns' names.
    private static readonly string[] VectorColumns =
    [
        SerColumns.Score1d, SerColumns.Features1d, SerColumns.Score2d, SerColumns.Features2d,
        SerColumns.Score3d, SerColumns.Features3d, SerColumns.MelStatistics,
    ];

    private readonly List<Row> _rows = [];
    private readonly Dictionary<string, int> _sizes = new(StringComparer.Ordinal);

    /// <summary>Number of utterances read so far.</summary>
    public int Count => _rows.Count;

    /// <summary>
    /// Appends the rows of <paramref name="scored"/> that have a label: its key-typed <see cref="SerColumns.Label"/> (as the
    /// class name), text <see cref="SerColumns.Speaker"/> and whichever of the vector columns it has.
    /// </summary>
    /// <exception cref="ArgumentException">A vector column's size differs from earlier views'.</exception>
    public void Add(IDataView scored, IReadOnlyList<string> labels)
    {
        var schema = scored.Schema;
        var present = VectorColumns.Where(c => schema.GetColumnOrNull(c) is { Type: VectorDataViewType { Size: > 0 } }).ToArray();
        foreach (var name in present)
            AddSize(name, ((VectorDataViewType)schema[name].Type).Size, nameof(scored));

        var label = schema[SerColumns.Label];
        var speaker = schema[SerColumns.Speaker];
        using var cursor = scored.GetRowCursor(present.Select(n => schema[n]).Append(label).Append(speaker));
        var getLabel = cursor.GetGetter<uint>(label);
        var getSpeaker = cursor.GetGetter<ReadOnlyMemory<char>>(speaker);
        var getters = present.Select(n => cursor.GetGetter<VBuffer<float>>(schema[n])).ToArray();
        uint key = 0;
        var text = default(ReadOnlyMemory<char>);
        var buffer = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            getLabel(ref key);
            if (key == 0)
                continue;
            getSpeaker(ref text);
            var row = new Row { Label = labels[(int)key - 1], Speaker = text.ToString() };
            for (var i = 0; i < getters.Length; i++)
            {
                getters[i](ref buffer);
                row.Set(present[i], buffer.DenseValues().ToArray());
            }

            _rows.Add(row);
        }
    }

    /// <summary>Appends the utterances read by <paramref name="other"/>.</summary>
    /// <exception cref="ArgumentException">A vector column's size differs from earlier views'.</exception>
    public void Add(UtteranceOutputs other)
    {
        foreach (var (name, size) in other._sizes)
            AddSize(name, size, nameof(other));
        _rows.AddRange(other._rows);
    }

    private void AddSize(string name, int size, string parameter)
    {
        if (_sizes.TryGetValue(name, out var known) && known != size)
            throw new ArgumentException($"Column '{name}' has {size} values here but {known} in earlier data.", parameter);
        _sizes[name] = size;
    }

    /// <summary>
    /// The utterances as one data view: <see cref="SerColumns.Label"/> as a key in <paramref name="labels"/> order,
    /// <see cref="SerColumns.Speaker"/> and every vector column all added views had, as fixed-size vectors.
    /// </summary>
    public IDataView ToDataView(MLContext mlContext, IReadOnlyList<string> labels)
    {
        var definition = SchemaDefinition.Create(typeof(Row));
        var absent = new List<string>();
        foreach (var name in VectorColumns)
        {
            if (_sizes.TryGetValue(name, out var size) && _rows.All(r => r.Get(name) is not null))
            {
                definition[name].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
            }
            else
            {
                // A one-value placeholder keeps the row type loadable; the column is dropped below.
                definition[name].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1);
                absent.Add(name);
            }
        }

        var rows = _rows.Select(r => r.Filled(absent)).ToArray();
        var data = mlContext.Data.LoadFromEnumerable(rows, definition);
        if (absent.Count > 0)
            data = mlContext.Transforms.DropColumns(absent.ToArray()).Fit(data).Transform(data);
        return mlContext.Data.Cache(LabelKey.Apply(mlContext, data, labels));
    }

    /// <summary>One utterance; property names are <see cref="SerColumns"/>' column names.</summary>
    private sealed class Row
    {
        public string Label { get; set; } = "";

        public string Speaker { get; set; } = "";

        public float[]? Score1d { get; set; }

        public float[]? Features1d { get; set; }

        public float[]? Score2d { get; set; }

        public float[]? Features2d { get; set; }

        public float[]? Score3d { get; set; }

        public float[]? Features3d { get; set; }

        public float[]? MelStatistics { get; set; }

        public float[]? Get(string column) => (float[]?)typeof(Row).GetProperty(column)!.GetValue(this);

        public void Set(string column, float[] values) => typeof(Row).GetProperty(column)!.SetValue(this, values);

        // A copy whose absent columns hold the one-value placeholder.
        public Row Filled(IReadOnlyList<string> absent)
        {
            var copy = (Row)MemberwiseClone();
            foreach (var name in absent)
                copy.Set(name, [0f]);
            return copy;
        }
    }
}
