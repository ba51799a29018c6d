using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Features;
using MlNetSer.Training;

namespace MlNetSer.Transforms;

/// <summary>
/// Reads the segments, labels and speakers of an <see cref="IDataView"/> in one pass (the segments may come
/// from an expensive audio pipeline) into the <see cref="LabeledUtterance"/>s the trainer caches.
/// </summary>
internal static class SerNetworkTrainingData
{
    private const string TransformName = "SerNetwork";
    private const string KeyValuesKind = "KeyValues";

    /// <summary>Checks the input columns of a fitting schema; returns the number of classes of the label key.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type; the message names it.</exception>
    public static int CheckColumns(DataViewSchema schema, SerNetworkOptions options)
    {
        CheckSegmentColumn(schema, options);

        var label = Find(schema, options.LabelColumnName, "the emotion labels");
        if (label.Type is not KeyDataViewType key)
            throw WrongType(options.LabelColumnName, label.Type, "the emotion labels", "a scalar key (e.g. made by mlContext.Transforms.Conversion.MapValueToKey)");
        if (key.Count < 2 || key.Count > int.MaxValue)
            throw new ArgumentOutOfRangeException("inputSchema",
                $"{TransformName}: the label column '{options.LabelColumnName}' is a key of {key.Count} values; a classifier needs at least 2.");

        if (options.SpeakerColumnName is { } speakerName)
        {
            var speaker = Find(schema, speakerName, "speaker identities");
            if (speaker.Type is not TextDataViewType)
                throw WrongType(speakerName, speaker.Type, "speaker identities", "a scalar String (text)");
        }

        return (int)key.Count;
    }

    /// <summary>Checks that the segment column exists and is a vector of Single.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is missing or has the wrong type; the message names it.</exception>
    public static void CheckSegmentColumn(DataViewSchema schema, SerNetworkOptions options)
    {
        var segments = Find(schema, options.SegmentColumnName, "the flattened segments");
        if (segments.Type is not VectorDataViewType { ItemType: var item } || item != NumberDataViewType.Single)
            throw WrongType(options.SegmentColumnName, segments.Type, "the flattened segments", "a vector of Single");
    }

    /// <summary>Checks the input columns of a pipeline's schema shape (the same messages as <see cref="CheckColumns(DataViewSchema, SerNetworkOptions)"/>).</summary>
    public static void CheckColumns(SchemaShape schema, SerNetworkOptions options)
    {
        var segments = Find(schema, options.SegmentColumnName, "the flattened segments");
        if (segments.Kind == SchemaShape.Column.VectorKind.Scalar || segments.IsKey || segments.ItemType != NumberDataViewType.Single)
            throw WrongType(options.SegmentColumnName, segments.ItemType, "the flattened segments", "a vector of Single");
        var label = Find(schema, options.LabelColumnName, "the emotion labels");
        if (label.Kind != SchemaShape.Column.VectorKind.Scalar || !label.IsKey)
            throw WrongType(options.LabelColumnName, label.ItemType, "the emotion labels", "a scalar key (e.g. made by mlContext.Transforms.Conversion.MapValueToKey)");
        if (options.SpeakerColumnName is { } speakerName)
        {
            var speaker = Find(schema, speakerName, "speaker identities");
            if (speaker.Kind != SchemaShape.Column.VectorKind.Scalar || speaker.ItemType is not TextDataViewType)
                throw WrongType(speakerName, speaker.ItemType, "speaker identities", "a scalar String (text)");
        }
    }

    /// <summary>
    /// The class names of the label key in class order: its key values as text, or "0", "1", … when the
    /// key has none.
    /// </summary>
    public static string[] LabelNames(DataViewSchema.Column label, int classes)
    {
        var annotation = label.Annotations.Schema.GetColumnOrNull(KeyValuesKind);
        if (annotation?.Type is VectorDataViewType { ItemType: var item } && item.RawType is { } raw)
        {
            var names = (string[])typeof(SerNetworkTrainingData)
                .GetMethod(nameof(KeyValues), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(raw)
                .Invoke(null, [label])!;
            if (names.Length == classes)
                return names;
        }

        return Enumerable.Range(0, classes).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>
    /// One labelled utterance per row with a label and at least one segment. Rows with a missing key or no
    /// segments (e.g. a file that failed to decode in error-column mode) are skipped and counted.
    /// </summary>
    /// <exception cref="InvalidOperationException">A row's length is not a whole number of segments, or no row is usable.</exception>
    public static List<LabeledUtterance> Read(IDataView input, SerNetworkOptions options, IReadOnlyList<long> segmentShape)
    {
        var schema = input.Schema;
        var segmentColumn = schema[options.SegmentColumnName];
        var labelColumn = schema[options.LabelColumnName];
        var speakerColumn = options.SpeakerColumnName is { } name ? schema[name] : (DataViewSchema.Column?)null;
        var shape = segmentShape.Select(d => checked((int)d)).ToArray();
        var segmentSize = shape.Aggregate(1, (a, b) => a * b);

        var active = new List<DataViewSchema.Column> { segmentColumn, labelColumn };
        if (speakerColumn is { } s)
            active.Add(s);
        using var cursor = input.GetRowCursor(active);
        var getSegments = cursor.GetGetter<VBuffer<float>>(segmentColumn);
        var getLabel = KeyGetter(cursor, labelColumn);
        var getSpeaker = speakerColumn is { } sc ? cursor.GetGetter<ReadOnlyMemory<char>>(sc) : null;

        var utterances = new List<LabeledUtterance>();
        var buffer = default(VBuffer<float>);
        var speaker = default(ReadOnlyMemory<char>);
        long row = -1, unlabelled = 0, empty = 0;
        while (cursor.MoveNext())
        {
            row++;
            var key = getLabel();
            getSegments(ref buffer);
            if (key == 0)
            {
                unlabelled++;
                continue;
            }

            if (buffer.Length == 0)
            {
                empty++;
                continue;
            }

            if (buffer.Length % segmentSize != 0)
            {
                throw new InvalidOperationException(
                    $"{TransformName}: row {row} of column '{options.SegmentColumnName}' holds {buffer.Length} floats, not a whole number of " +
                    $"[{string.Join(", ", shape)}] segments that the {options.Network} network expects; check the feature transform's options against the network's.");
            }

            var id = $"row {row}";
            getSpeaker?.Invoke(ref speaker);
            var values = buffer.DenseValues().ToArray();
            utterances.Add(new LabeledUtterance(
                id, new SegmentTensor(values, values.Length / segmentSize, shape), checked((int)(key - 1)),
                getSpeaker is null ? id : speaker.ToString()));
        }

        if (utterances.Count == 0)
        {
            throw new InvalidOperationException(
                $"{TransformName}: no row to train on ({row + 1} rows: {unlabelled} with a missing label in '{options.LabelColumnName}', " +
                $"{empty} without segments in '{options.SegmentColumnName}').");
        }

        return utterances;
    }

    private static Func<ulong> KeyGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        switch (((KeyDataViewType)column.Type).RawType)
        {
            case var t when t == typeof(uint):
                var u32 = cursor.GetGetter<uint>(column);
                return () => { uint v = 0; u32(ref v); return v; };
            case var t when t == typeof(ulong):
                var u64 = cursor.GetGetter<ulong>(column);
                return () => { ulong v = 0; u64(ref v); return v; };
            case var t when t == typeof(ushort):
                var u16 = cursor.GetGetter<ushort>(column);
                return () => { ushort v = 0; u16(ref v); return v; };
            default:
                var u8 = cursor.GetGetter<byte>(column);
                return () => { byte v = 0; u8(ref v); return v; };
        }
    }

    private static string[] KeyValues<T>(DataViewSchema.Column label)
    {
        var values = default(VBuffer<T>);
        label.Annotations.GetValue(KeyValuesKind, ref values);
        return values.DenseValues().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "").ToArray();
    }

    private static DataViewSchema.Column Find(DataViewSchema schema, string name, string holds)
        => schema.GetColumnOrNull(name) ?? throw Missing(name, holds);

    private static SchemaShape.Column Find(SchemaShape schema, string name, string holds)
    {
        foreach (var column in schema.Where(c => c.Name == name))
            return column;
        throw Missing(name, holds);
    }

    private static ArgumentOutOfRangeException Missing(string name, string holds)
        => new("inputSchema", $"{TransformName}: input column '{name}' not found; it must hold {holds}.");

    private static ArgumentOutOfRangeException WrongType(string name, DataViewType? type, string holds, string expected)
        => new("inputSchema", $"{TransformName}: input column '{name}' is {type?.ToString() ?? "?"}; it must hold {holds} as {expected}.");
}
