using System.CommandLine;
using System.Text.Json;
using Microsoft.ML;
using MlNetSer.Data;
using MlNetSer.Export;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>bench export</c> command: exports a fused model as one ONNX graph and times it against the ML.NET pipeline on the
/// same files, at each thread count (<see cref="SerFusedOnnxBenchmark"/>); prints JSON.
/// </summary>
public static class BenchExportCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Builds the <c>export</c> subcommand (attached under <c>bench</c>).</summary>
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Fused model zip (e.g. the demo's model.zip).", Required = true };
        var data = new Option<FileInfo>("--data") { Description = "CSV manifest whose first --files paths are scored.", Required = true };
        var files = CommonOptions.PositiveInt("--files", "Files to score.", 100);
        var threads = new Option<string>("--threads") { Description = "Comma-separated thread counts (0: one per core).", DefaultValueFactory = _ => "1,0" };
        var warmup = CommonOptions.NonNegativeInt("--warmup", "Files scored untimed before each measurement.", 2);
        var output = new Option<FileInfo?>("--onnx") { Description = "Where to write the exported graph (default: beside the model, .onnx)." };
        var command = new Command("export",
            "Exports a fused model as one ONNX graph and times it against the ML.NET pipeline on the same files at each thread count; "
            + "prints audio_seconds and, per thread count, pipeline and graph seconds and real-time factors as JSON.")
        {
            model, data, files, threads, warmup, output,
        };
        command.WithExamples("mlnetser bench export --model demo-out/model.zip --data demo-out/corpus/manifest.csv --files 100");
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () => (Model: parse.GetValue(model)!, Data: parse.GetValue(data)!, Files: parse.GetValue(files), Threads: ParseThreads(parse.GetValue(threads)!),
                Warmup: parse.GetValue(warmup), Onnx: parse.GetValue(output)),
            values =>
            {
                var mlContext = new MLContext();
                var onnx = values.Onnx?.FullName ?? Path.ChangeExtension(values.Model.FullName, ".onnx");
                var manifest = SerManifest.Read(values.Data.FullName);
                manifest.ThrowIfProblems();
                var paths = manifest.Entries.Take(values.Files).Select(e => e.Path).ToArray();
                var log = parse.InvocationConfiguration.Error;
                var exported = SerFusedOnnx.Export(mlContext, values.Model.FullName, onnx);
                log.WriteLine($"bench export: wrote {exported.Path}; scoring {paths.Length} files at threads {string.Join(", ", values.Threads)}");
                var result = SerFusedOnnxBenchmark.Run(mlContext, values.Model.FullName, onnx, paths, values.Threads, values.Warmup);
                var report = JsonSerializer.SerializeToNode(result, Json)!.AsObject();
                report["model"] = values.Model.FullName;
                report["onnx"] = onnx;
                report["processor_count"] = Environment.ProcessorCount;
                parse.InvocationConfiguration.Output.WriteLine(report.ToJsonString(Json));
                return ExitCodes.Ok;
            }));
        return command;
    }

    private static int[] ParseThreads(string text)
    {
        var counts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.TryParse(t, out var n) && n >= 0 ? n : throw new ArgumentException($"--threads: '{t}' is not a thread count (0 or more).")).ToArray();
        return counts.Length > 0 ? counts : throw new ArgumentException("--threads needs at least one count.");
    }
}
