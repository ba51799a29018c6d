using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Data;
using MlNetSer.IO;
using MlNetSer.Pipeline;
using MlNetSer.Platform;
using MlNetSer.Transforms;
using Spectre.Console;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>predict</c> command: per audio file (or per row of a manifest), the fused label and the class scores of
/// each network and of both fusions. With <c>--json</c>, one object per line:
/// <c>{"path", "label", "device", "scores": {class: p}, "networks": {"1d": {class: p}, …}, "feature_fusion": {"label", "scores": {class: p}}}</c>,
/// or <c>{"path", "error"}</c> for a file that cannot be read while the others still get answers (exit code 2).
/// With <c>--timeline</c>, emotion over time (<see cref="SerTimeline"/>): a table per file of the score-fusion grid,
/// and in JSON a <c>"timeline"</c> member <c>{"duration", "grid", "fused": [segment…], "networks": {"1d": [segment…], …}}</c>
/// with segments <c>{"start", "end", "label", "scores": {class: p}}</c> (seconds).
/// </summary>
public static class PredictCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Fused model zip written by 'mlnetser train'.", Required = true };
        var json = new Option<bool>("--json") { Description = "One JSON object per file and line instead of text." };
        var timeline = new Option<bool>("--timeline")
        {
            Description = "Also emotion over time: each network's probabilities per input segment (start/end seconds) and the score "
                          + "fusion on the 2D segment grid (≈0.66 s windows every 0.30 s at the defaults; per cell each network's segments "
                          + "averaged by overlap, then weighted by λ). Text: a table of the fused grid; --json: a \"timeline\" member.",
        };
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Audio files, or one CSV manifest (path,label,speaker[,split]) whose paths are predicted.",
            Arity = ArgumentArity.OneOrMore,
        };
        var device = CommonOptions.Device();
        var command = new Command("predict", "Predicts the emotion of audio files with a fused model: fused label and every network's and fusion's scores.")
        {
            model, json, timeline, device, inputs,
        };
        command.WithExamples(
            "mlnetser predict --model ser.zip speech.wav other.mp3",
            "mlnetser predict --model ser.zip speech.wav --timeline",
            "mlnetser predict --model ser.zip corpus/manifest.csv --json --timeline > predictions.jsonl");
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () => (Model: parse.GetValue(model)!, Json: parse.GetValue(json), Timeline: parse.GetValue(timeline), Inputs: parse.GetValue(inputs)!,
                Device: CommonOptions.ResolveDevice(parse.GetValue(device))),
            values => Run(parse, values.Model, values.Json, values.Timeline, values.Inputs, values.Device)));
        return command;
    }

    private static int Run(ParseResult parse, FileInfo modelFile, bool json, bool withTimeline, string[] inputs, SerDevice device)
    {
        var output = parse.InvocationConfiguration.Output;
        var mlContext = new MLContext();
        // The zip keeps no device: its ONNX transforms run where the loading context says.
        device.ApplyTo(mlContext);
        var model = ModelFiles.Load(mlContext, modelFile);
        ProgressDisplay.Create(parse).Message($"predict: device {device}");
        var timeline = withTimeline ? TimelineOf(mlContext, model, modelFile) : null;
        var (files, problems) = Files(parse, inputs);
        var failed = 0;
        foreach (var (file, scored, error) in new SerPredictor(mlContext, model).PredictAll(files))
        {
            SerTimelineResult? result = null;
            var problem = error;
            if (problem is null && timeline is not null)
            {
                try
                {
                    result = timeline.Compute(file);
                }
                catch (Exception e)
                {
                    problem = e;
                }
            }

            if (problem is not null)
            {
                failed++;
                CommandErrors.Report(parse, problem, file);
                output.WriteLine(json ? ErrorLine(file, CommandErrors.Describe(problem, file)) : $"{file}: error: {CommandErrors.Describe(problem, file)}");
                continue;
            }

            var prediction = scored!;
            if (json)
            {
                output.WriteLine(JsonLine(prediction, result, device));
                continue;
            }

            output.WriteLine(TextLine(prediction));
            if (result is not null)
                WriteTimelineTable(output, result);
        }

        var code = ExitCodes.ForInputs(failed, files.Count);
        return code == ExitCodes.Ok && problems > 0 ? ExitCodes.SomeInputsFailed : code;
    }

    private static SerTimeline TimelineOf(MLContext mlContext, ITransformer model, FileInfo modelFile)
    {
        try
        {
            return SerTimeline.FromModel(mlContext, model);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"{modelFile.FullName}: no timeline from this model: {e.Message}", e);
        }
    }

    // A single .csv argument is a manifest; its problem rows are reported and the rest predicted.
    private static (IReadOnlyList<string> Files, int Problems) Files(ParseResult parse, string[] inputs)
    {
        if (inputs.Length != 1 || !inputs[0].EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            return (inputs, 0);
        var manifest = SerManifest.Read(inputs[0], new SerManifestOptions { CheckFilesExist = false });
        DataInput.ReportProblems(parse, manifest);
        return (manifest.Entries.Select(e => e.Path).ToArray(), manifest.Problems.Count);
    }

    private static string TextLine(SerFilePrediction p)
    {
        var networks = string.Join("; ", p.Networks.Select(n => $"{n.Name} {Scores(p.Labels, n.Scores)}"));
        var feature = p.FeatureLabel is null ? "" : $"; feature fusion {p.FeatureLabel}";
        return $"{p.Path}: {p.Label} (score fusion {Scores(p.Labels, p.Scores)}; {networks}{feature})";
    }

    // The fused grid when the model has a score fusion, else its first network's own segments.
    private static void WriteTimelineTable(TextWriter output, SerTimelineResult timeline)
    {
        var (name, segments) = timeline.Fused is { } fused
            ? ("score fusion on the 2d segment grid", fused)
            : ($"{timeline.Networks[0].Network} segments", timeline.Networks[0].Segments);
        var table = new Table()
            .Title(Markup.Escape($"{timeline.Path}: emotion over time ({name}, {timeline.Duration.ToString("0.00", CultureInfo.InvariantCulture)} s)"))
            .AddColumns("Time (s)", "Label", "Probability");
        foreach (var segment in segments)
        {
            table.AddRow(
                $"{segment.Start.ToString("0.00", CultureInfo.InvariantCulture)}-{segment.End.ToString("0.00", CultureInfo.InvariantCulture)}",
                Markup.Escape(timeline.Labels[segment.TopClass]),
                segment.Probabilities[segment.TopClass].ToString("0.000", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) }).Write(table);
    }

    private static string Scores(IReadOnlyList<string> labels, float[] scores)
        => string.Join(" ", labels.Select((l, i) => $"{l}={scores[i].ToString("0.000", CultureInfo.InvariantCulture)}"));

    private static string JsonLine(SerFilePrediction p, SerTimelineResult? timeline, SerDevice device)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("path", p.Path);
            writer.WriteString("label", p.Label);
            writer.WriteString("device", device.ToString());
            WriteScores(writer, "scores", p.Labels, p.Scores);
            writer.WriteStartObject("networks");
            foreach (var (name, scores) in p.Networks)
                WriteScores(writer, name, p.Labels, scores);
            writer.WriteEndObject();
            if (p.FeatureLabel is not null)
            {
                writer.WriteStartObject("feature_fusion");
                writer.WriteString("label", p.FeatureLabel);
                if (p.FeatureScores is { } featureScores)
                    WriteScores(writer, "scores", p.Labels, featureScores);
                writer.WriteEndObject();
            }

            if (timeline is not null)
                WriteTimeline(writer, timeline);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteTimeline(Utf8JsonWriter writer, SerTimelineResult timeline)
    {
        writer.WriteStartObject("timeline");
        writer.WriteNumber("duration", timeline.Duration);
        if (timeline.Fused is not null)
        {
            writer.WriteString("grid", "2d");
            WriteSegments(writer, "fused", timeline.Labels, timeline.Fused);
        }

        writer.WriteStartObject("networks");
        foreach (var network in timeline.Networks)
            WriteSegments(writer, network.Network, timeline.Labels, network.Segments);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteSegments(Utf8JsonWriter writer, string name, IReadOnlyList<string> labels, IReadOnlyList<SerTimelineSegment> segments)
    {
        writer.WriteStartArray(name);
        foreach (var segment in segments)
        {
            writer.WriteStartObject();
            writer.WriteNumber("start", segment.Start);
            writer.WriteNumber("end", segment.End);
            writer.WriteString("label", labels[segment.TopClass]);
            WriteScores(writer, "scores", labels, segment.Probabilities);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteScores(Utf8JsonWriter writer, string name, IReadOnlyList<string> labels, float[] scores)
    {
        writer.WriteStartObject(name);
        for (var i = 0; i < labels.Count; i++)
            writer.WriteNumber(labels[i], scores[i]);
        writer.WriteEndObject();
    }

    private static string ErrorLine(string file, string error)
        => JsonSerializer.Serialize(new Dictionary<string, string> { ["path"] = file, ["error"] = error });

    /// <summary>One pass of the model over files, read row by row into <see cref="Prediction"/>s.</summary>
}
