using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSer.Transforms;

/// <summary>
/// The input columns an estimator is asked to work on, seen the same way whether they come from a
/// <see cref="SchemaShape"/> (pipeline checks) or a <see cref="DataViewSchema"/> (fitting), so both
/// give the same error messages.
/// </summary>
internal sealed class InputColumns
{
    private readonly Func<string, (bool Found, bool IsVector, DataViewType? ItemType, bool IsKey)> _find;

    public InputColumns(SchemaShape schema)
        => _find = name =>
        {
            foreach (var column in schema.Where(c => c.Name == name))
                return (true, column.Kind != SchemaShape.Column.VectorKind.Scalar, column.ItemType, column.IsKey);
            return (false, false, null, false);
        };

    public InputColumns(DataViewSchema schema)
        => _find = name =>
        {
            var column = schema.GetColumnOrNull(name);
            if (column is null)
                return (false, false, null, false);
            var type = column.Value.Type;
            var itemType = type is VectorDataViewType vector ? vector.ItemType : type;
            return (true, type is VectorDataViewType, itemType, itemType is KeyDataViewType);
        };

    /// <summary>Requires a vector of Single (fixed or variable length).</summary>
    public void RequireSingleVector(string transform, string columnName, string holds)
        => Require(transform, columnName, holds, "a vector of Single",
            c => c.IsVector && !c.IsKey && c.ItemType == NumberDataViewType.Single);

    /// <summary>Requires a scalar text column.</summary>
    public void RequireText(string transform, string columnName, string holds)
        => Require(transform, columnName, holds, "a scalar String (text)",
            c => !c.IsVector && c.ItemType is TextDataViewType);

    /// <summary>Requires a numeric scalar that converts to Single (any integer or floating-point type).</summary>
    public void RequireNumber(string transform, string columnName, string holds)
        => Require(transform, columnName, holds, "a numeric scalar (integer or floating point)",
            c => !c.IsVector && !c.IsKey && c.ItemType is NumberDataViewType);

    private void Require(string transform, string columnName, string holds, string expected,
        Func<(bool Found, bool IsVector, DataViewType? ItemType, bool IsKey), bool> accepts)
    {
        var column = _find(columnName);
        if (!column.Found)
            throw new ArgumentOutOfRangeException("inputSchema",
                $"{transform}: input column '{columnName}' not found; it must hold {holds} as {expected}.");
        if (!accepts(column))
            throw new ArgumentOutOfRangeException("inputSchema",
                $"{transform}: input column '{columnName}' is {Describe(column)}; it must hold {holds} as {expected}.");
    }

    private static string Describe((bool Found, bool IsVector, DataViewType? ItemType, bool IsKey) column)
    {
        var item = column.IsKey ? $"Key<{column.ItemType?.RawType.Name}>" : column.ItemType?.ToString() ?? "?";
        return column.IsVector ? $"a vector of {item}" : $"a scalar {item}";
    }
}
