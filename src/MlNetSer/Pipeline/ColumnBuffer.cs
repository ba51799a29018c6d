using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSer.Pipeline;

/// <summary>
/// Copies of one column's values for the rows a cursor has read ahead, handed out again row by row: a cursor may
/// reuse its buffers for the next row, so vectors are copied and text is made into strings of its own.
/// </summary>
internal abstract class ColumnBuffer
{
    /// <summary>Stores the current row's value of the column at <paramref name="slot"/>.</summary>
    public abstract void Capture(int slot);

    /// <summary>A buffer reading <paramref name="column"/> from <paramref name="cursor"/>, typed by the column's raw type.</summary>
    public static ColumnBuffer Create(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var raw = column.Type.RawType;
        var type = raw.IsGenericType && raw.GetGenericTypeDefinition() == typeof(VBuffer<>)
            ? typeof(VectorBuffer<>).MakeGenericType(raw.GetGenericArguments()[0])
            : raw == typeof(ReadOnlyMemory<char>) ? typeof(TextBuffer) : typeof(ValueBuffer<>).MakeGenericType(raw);
        return (ColumnBuffer)Activator.CreateInstance(type, BindingFlags.Public | BindingFlags.Instance, null, [cursor, column], null)!;
    }
}

/// <summary>A <see cref="ColumnBuffer"/> of values of type <typeparamref name="T"/>.</summary>
internal abstract class ColumnBuffer<T>(DataViewRowCursor cursor, DataViewSchema.Column column) : ColumnBuffer
{
    private readonly ValueGetter<T> _source = cursor.GetGetter<T>(column);
    private T[] _values = [];
    private T _scratch = default!;

    public override void Capture(int slot)
    {
        if (slot >= _values.Length)
            Array.Resize(ref _values, Math.Max(slot + 1, 2 * _values.Length));
        _source(ref _scratch);
        Keep(_scratch, ref _values[slot]);
    }

    /// <summary>A getter of the value stored at the slot <paramref name="slot"/> returns at each call.</summary>
    public ValueGetter<T> Getter(Func<int> slot) => (ref T value) => Give(_values[slot()], ref value);

    /// <summary>Stores <paramref name="value"/> into <paramref name="kept"/> so that the source may reuse its buffers.</summary>
    protected abstract void Keep(T value, ref T kept);

    /// <summary>Hands <paramref name="kept"/> out into <paramref name="value"/>.</summary>
    protected abstract void Give(T kept, ref T value);
}

internal sealed class ValueBuffer<T>(DataViewRowCursor cursor, DataViewSchema.Column column) : ColumnBuffer<T>(cursor, column)
{
    protected override void Keep(T value, ref T kept) => kept = value;

    protected override void Give(T kept, ref T value) => value = kept;
}

internal sealed class TextBuffer(DataViewRowCursor cursor, DataViewSchema.Column column) : ColumnBuffer<ReadOnlyMemory<char>>(cursor, column)
{
    protected override void Keep(ReadOnlyMemory<char> value, ref ReadOnlyMemory<char> kept) => kept = value.ToString().AsMemory();

    protected override void Give(ReadOnlyMemory<char> kept, ref ReadOnlyMemory<char> value) => value = kept;
}

internal sealed class VectorBuffer<TItem>(DataViewRowCursor cursor, DataViewSchema.Column column) : ColumnBuffer<VBuffer<TItem>>(cursor, column)
{
    protected override void Keep(VBuffer<TItem> value, ref VBuffer<TItem> kept) => value.CopyTo(ref kept);

    protected override void Give(VBuffer<TItem> kept, ref VBuffer<TItem> value) => kept.CopyTo(ref value);
}
