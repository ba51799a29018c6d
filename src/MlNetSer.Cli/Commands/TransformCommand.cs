using System.CommandLine;
using System.Text.Json;
using Microsoft.ML;
using MlNetSer.IO;
using MlNetSer.Platform;
using Microsoft.ML.Data;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>transform</c> command: applies a saved ML.NET model whose input is a text column <c>Path</c>
/// to audio files and writes, per file, one JSON object with every float-vector output column:
/// <c>{"path": …, "device": "cpu", "columns": {"&lt;name&gt;": [floats…]}}</c>, or <c>{"path": …, "error": "…"}</c> for a
/// file that failed (the others go on; exit code 2, or 3 when every file failed). Errors follow
/// <see cref="CommandErrors"/>: one line <c>error: …</c> on stderr, the stack trace only with <c>--verbose</c>.
/// </summary>
/// <remarks>
/// Deliberately uses no MlNetSer type (error reporting and the device aside): the model must load the way a user's own
/// program would load it, the MlNetSer mappings being found from what the zip records. The device is set as such a program
/// sets it, on the <see cref="MLContext"/> (<see cref="MLContext.GpuDeviceId"/>, through <see cref="SerDevice.ApplyTo"/>);
/// each line names it (<c>"device"</c>).
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
        var device = CommonOptions.Device();
        var command = new Command("transform",
            "Applies a saved ML.NET model to audio files and writes every float-vector output column as JSON Lines "
            + "(always JSON: one object per file and line, {\"path\", \"device\", \"columns\": {name: [floats]}} or {\"path\", \"error\"}).")
        {
            model, output, device, files,
        };
        command.WithExamples(
            "mlnetser transform --model features.zip speech.wav other.mp3 --out features.jsonl",
            "mlnetser transform --model ser.zip speech.wav > scores.jsonl");
        // Beyond what the parser checked, only the device: every other error is about the model or the files.
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () => (Model: parse.GetValue(model)!, Out: parse.GetValue(output), Files: parse.GetValue(files)!, Device: CommonOptions.ResolveDevice(parse.GetValue(device))),
            values => Run(parse, values.Model, values.Out, values.Files, values.Device)));
        return command;
    }

    private static int Run(ParseResult parseResult, FileInfo modelFile, FileInfo? outFile, string[] files, SerDevice device)
    {
        var mlContext = new MLContext();
        device.ApplyTo(mlContext);
        var (model, columns) = LoadModel(mlContext, modelFile);
        ProgressDisplay.Create(parseResult).Message($"transform: device {device}");
        // Standard output through the invocation's writer, so that a caller of Program.Run (tests) gets the lines too.
        using var sink = outFile is null ? null : OpenOutput(outFile);
        var stdout = parseResult.InvocationConfiguration.Output;
        var failed = 0;
        foreach (var file in files)
        {
            byte[] line;
            try
            {
                line = SuccessLine(file, device, Compute(mlContext, model, columns, file));
            }
            catch (Exception e)
            {
                failed++;
                CommandErrors.Report(parseResult, e, file);
                line = ErrorLine(file, CommandErrors.Describe(e));
            }

            if (sink is null)
            {
                stdout.WriteLine(System.Text.Encoding.UTF8.GetString(line));
            }
            else
            {
                sink.Write(line);
                sink.WriteByte((byte)'\n');
            }
        }

        return ExitCodes.ForInputs(failed, files.Length);
    }

    /// <summary>Loads the model and lists its float-vector outputs.</summary>
    /// <exception cref="InvalidDataException">The model cannot be loaded or does not take a text 'Path' column; the message names the file.</exception>
    private static (ITransformer Model, IReadOnlyList<string> Columns) LoadModel(MLContext mlContext, FileInfo modelFile)
    {
        // Its own errors name the file and the problem (missing, a folder, not a zip, a part that does not match its checksum).
        var model = SerModelFile.Load(mlContext, modelFile.FullName, out var savedInputSchema);
        try
        {
            CheckPathInput(savedInputSchema);
            return (model, FloatVectorColumns(model.GetOutputSchema(PathData(mlContext, []).Schema)));
        }
        catch (Exception e)
        {
            throw new InvalidDataException($"{modelFile.FullName}: cannot use the model: {CommandErrors.Describe(e)}", e);
        }
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
        => MlNetSer.Pipeline.SerInput.Load(mlContext, paths);

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

    private static byte[] SuccessLine(string file, SerDevice device, List<(string Name, float[] Values)> columns)
        => Json(writer =>
        {
            writer.WriteString("path", file);
            writer.WriteString("device", device.ToString());
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
}
