using System.Text;

namespace MlNetSer.Data;

/// <summary>Splits one CSV line into fields (RFC 4180 quoting: <c>"a, b"</c>, <c>""</c> for a quote inside).</summary>
internal static class CsvLine
{
    /// <summary>The fields of <paramref name="line"/>, unquoted and trimmed outside quotes; null with an error for a malformed line.</summary>
    public static string[]? TrySplit(string line, out string? error)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        error = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"')
                    field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"')
                    field.Append(line[++i]);
                else
                    quoted = false;
            }
            else if (c == ',')
            {
                fields.Add(wasQuoted ? field.ToString() : field.ToString().Trim());
                field.Clear();
                wasQuoted = false;
            }
            else if (c == '"' && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = wasQuoted = true;
            }
            else if (wasQuoted && !char.IsWhiteSpace(c))
            {
                error = $"text after a closing quote at column {i + 1}";
                return null;
            }
            else if (!wasQuoted)
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            error = "a quoted field is not closed (fields must not span lines)";
            return null;
        }

        fields.Add(wasQuoted ? field.ToString() : field.ToString().Trim());
        return fields.ToArray();
    }

    /// <summary>Joins <paramref name="fields"/> into one CSV line, quoting a field that holds a comma, quote, or leading/trailing space.</summary>
    public static string Join(IEnumerable<string> fields) => string.Join(',', fields.Select(Quote));

    private static string Quote(string field)
        => field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || field != field.Trim()
            ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : field;
}
