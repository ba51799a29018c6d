using System.Text.Encodings.Web;
using System.Text.Json;

namespace MlNetSer.Cli;

/// <summary>
/// How commands print <c>--json</c>: snake_case keys, <c>+</c> and <c>&lt;</c> left readable; one indented
/// document for a command that answers once, one compact object per line for a command that streams.
/// </summary>
public static class JsonOutput
{
    /// <summary>Options of a whole document (indented).</summary>
    public static JsonSerializerOptions Document { get; } = Create(indented: true);

    /// <summary>Options of a JSON Lines record (one line).</summary>
    public static JsonSerializerOptions Line { get; } = Create(indented: false);

    /// <summary>Writes <paramref name="value"/> as one indented document followed by a newline.</summary>
    public static void WriteDocument(TextWriter writer, object value)
        => writer.WriteLine(JsonSerializer.Serialize(value, Document));

    /// <summary>Writes <paramref name="value"/> as one line (JSON Lines); safe to call from several threads.</summary>
    public static void WriteLine(TextWriter writer, object value)
    {
        var line = JsonSerializer.Serialize(value, Line);
        lock (writer)
            writer.WriteLine(line);
    }

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = indented,
        // An epoch without validation reports NaN: JSON has no NaN (and "NaN" as a string breaks numeric readers), so null.
        Converters = { new NonFiniteAsNull<double>(), new NonFiniteAsNull<float>() },
        // Output for people and scripts, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes NaN and ±∞ as <c>null</c>, finite values as numbers.</summary>
    private sealed class NonFiniteAsNull<T> : System.Text.Json.Serialization.JsonConverter<T>
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        public override bool HandleNull => true;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => reader.TokenType == JsonTokenType.Null ? T.NaN : T.CreateChecked(reader.GetDouble());

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (!T.IsFinite(value))
                writer.WriteNullValue();
            else if (typeof(T) == typeof(float))
                writer.WriteNumberValue(float.CreateChecked(value));
            else
                writer.WriteNumberValue(double.CreateChecked(value));
        }
    }
}
