using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>transform</c> command: applies a saved ML.NET model whose input is a text column <c>Path</c>
/// to audio files and writes, per file, one JSON object with every float-vector output column:
/// <c>{"path": …, "columns": {"&lt;name&gt;": [floats…]}}</c>, or <c>{"path": …, "error": "…"}</c> for a
/// file that failed (the others go on; exit code 2).
/// </summary>
/// <remarks>
/// Deliberately uses no MlNetSer type: the model must load the way a user's own program would load
/// it, the MlNetSer mappings being found from what the zip records.
/// </remarks>
public static class TransformCommand
{
    private const string PathColumn = "Path";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model")
        {
            Description = "ML.NET model zip whose input is a text column 'Path' (e.g. made with mlContext.Transforms.SerLoadAudio).",
            Required = true,
        };
        var output = new Option<FileInfo?>("--out")
        {
            Description = "JSON Lines file to write, one object per input file (default: standard output).",
        };
        var files = new Argument<string[]>("files")
        {
            Description = "Audio files to transform.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("transform",
            "Applies a saved ML.NET model to audio files and writes every float-vector output column as JSON Lines.")
        {
            model, output, files,
        };
        command.SetAction(parse => Run(
            parse.GetValue(model)!, parse.GetValue(output), parse.GetValue(files)!, parse.GetValue(CommonOptions.Verbose)));
        return command;
    }

    private static int Run(FileInfo modelFile, FileInfo? outFile, string[] files, bool verbose)
    {
        var mlContext = new MLContext();
        ITransformer model;
        IReadOnlyList<string> columns;
        try
        {
            model = mlContext.Model.Load(modelFile.FullName, out var savedInputSchema);
            CheckPathInput(savedInputSchema);
            columns = FloatVectorColumns(model.GetOutputSchema(PathData(mlContext, []).Schema));
        }
        catch (Exception e)
        {
            Report($"{modelFile.FullName}: cannot use the model: {Describe(e)}", e, verbose);
            return ExitCodes.Failure;
        }

        using var sink = outFile is null ? Console.OpenStandardOutput() : OpenOutput(outFile);
        var failed = 0;
        foreach (var file in files)
        {
            byte[] line;
            try
            {
                line = SuccessLine(file, Compute(mlContext, model, columns, file));
            }
            catch (Exception e)
            {
                failed++;
                Report($"{file}: {Describe(e)}", e, verbose);
                line = ErrorLine(file, Describe(e));
            }

            sink.Write(line);
            sink.WriteByte((byte)'\n');
        }

        return failed == 0 ? ExitCodes.Ok : ExitCodes.SomeInputsFailed;
    }

    private static Stream OpenOutput(FileInfo outFile)
    {
        outFile.Directory?.Create();
        return outFile.Create();
    }

    private static void CheckPathInput(DataViewSchema? savedInputSchema)
    {
        var path = savedInputSchema?.GetColumnOrNull(PathColumn);
        if (savedInputSchema is not null && savedInputSchema.Count > 0 && path is null)
            throw new InvalidOperationException($"the model's input has no '{PathColumn}' column (it has: {string.Join(", ", savedInputSchema.Select(c => c.Name))}).");
        if (path is { } column && column.Type is not TextDataViewType)
            throw new InvalidOperationException($"the model's input column '{PathColumn}' is {column.Type}, not text.");
    }

    private static IReadOnlyList<string> FloatVectorColumns(DataViewSchema schema)
        => schema.Where(c => !c.IsHidden && c.Type is VectorDataViewType { ItemType: var item } && item == NumberDataViewType.Single)
            .Select(c => c.Name)
            .ToArray();

    private static IDataView PathData(MLContext mlContext, IEnumerable<string> paths)
        => mlContext.Data.LoadFromEnumerable(paths.Select(p => new PathRow { Path = p }));

    private static List<(string Name, float[] Values)> Compute(MLContext mlContext, ITransformer model, IReadOnlyList<string> columns, string file)
    {
        var transformed = model.Transform(PathData(mlContext, [file]));
        var active = columns.Select(name => transformed.Schema[name]).ToArray();
        using var cursor = transformed.GetRowCursor(active);
        if (!cursor.MoveNext())
            throw new InvalidOperationException("the model produced no row.");

        var values = new List<(string, float[])>(active.Length);
        foreach (var column in active)
        {
            var buffer = default(VBuffer<float>);
            cursor.GetGetter<VBuffer<float>>(column)(ref buffer);
            values.Add((column.Name, buffer.DenseValues().ToArray()));
        }

        return values;
    }

    private static byte[] SuccessLine(string file, List<(string Name, float[] Values)> columns)
        => Json(writer =>
        {
            writer.WriteString("path", file);
            writer.WriteStartObject("columns");
            foreach (var (name, values) in columns)
            {
                writer.WriteStartArray(name);
                foreach (var value in values)
                    WriteFloat(writer, value);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        });

    private static byte[] ErrorLine(string file, string error)
        => Json(writer =>
        {
            writer.WriteString("path", file);
            writer.WriteString("error", error);
        });

    private static byte[] Json(Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    // Utf8JsonWriter writes the shortest string that parses back to the same float; JSON has no
    // NaN or infinities, so those become the strings .NET parses back ("NaN", "Infinity", "-Infinity").
    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    // ML.NET may wrap what a mapping throws; the audio error names the file and the problem, so prefer it.
    private static string Describe(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner.GetType().FullName == "MlNetSer.Audio.AudioDecodingException")
                return inner.Message;
        }

        while (e is TargetInvocationException or AggregateException && e.InnerException is not null)
            e = e.InnerException!;
        return e.Message;
    }

    private static void Report(string message, Exception e, bool verbose)
    {
        Console.Error.WriteLine($"mlnetser transform: {message}");
        if (verbose)
            Console.Error.WriteLine(e);
    }

    private sealed class PathRow
    {
        public string Path { get; set; } = "";
    }
}
