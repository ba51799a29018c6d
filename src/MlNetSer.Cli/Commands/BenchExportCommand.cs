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
        var output = new Option<FileInfo?>("--onnx") { Description = "Where to write the exported graph (default: beside the model, .onnx); the batched graph goes beside it (-batch.onnx)." };
        var batchSize = CommonOptions.NonNegativeInt("--batch-size", "Utterances per run of the batched graph (0: leave the batched graph out).", 16);
        var rounds = CommonOptions.PositiveInt("--rounds", "Timed passes per contender, taken in turns; each figure is their median.", 3);
        var command = new Command("export",
            "Exports a fused model as one ONNX graph (one utterance per run, and batched) and times both against the ML.NET pipeline on "
            + "the same files at each thread count, in turns; prints audio_seconds and, per thread count, the median seconds and "
            + "real-time factors of the pipeline, the graph and the batched graph as JSON.")
        {
            model, data, files, threads, warmup, output, batchSize, rounds,
        };
        command.WithExamples("mlnetser bench export --model demo-out/model.zip --data demo-out/corpus/manifest.csv --files 100");
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () => (Model: parse.GetValue(model)!, Data: parse.GetValue(data)!, Files: parse.GetValue(files), Threads: ParseThreads(parse.GetValue(threads)!),
                Warmup: parse.GetValue(warmup), Onnx: parse.GetValue(output), BatchSize: parse.GetValue(batchSize), Rounds: parse.GetValue(rounds)),
            values =>
            {
                var mlContext = new MLContext();
                var onnx = values.Onnx?.FullName ?? Path.ChangeExtension(values.Model.FullName, ".onnx");
                var manifest = SerManifest.Read(values.Data.FullName);
                manifest.ThrowIfProblems();
                var paths = manifest.Entries.Take(values.Files).Select(e => e.Path).ToArray();
                var log = parse.InvocationConfiguration.Error;
                var exported = SerFusedOnnx.Export(mlContext, values.Model.FullName, onnx);
                var batched = values.BatchSize > 0 ? Path.ChangeExtension(onnx, null) + "-batch.onnx" : null;
                if (batched is not null)
                    SerFusedOnnx.Export(mlContext, values.Model.FullName, batched, new SerFusedOnnxOptions { Batch = true });
                log.WriteLine($"bench export: wrote {exported.Path}{(batched is null ? "" : $" and {batched}")}; scoring {paths.Length} files at threads {string.Join(", ", values.Threads)}");
                var result = SerFusedOnnxBenchmark.Run(mlContext, values.Model.FullName, onnx, batched, paths, new SerFusedOnnxBenchmarkOptions
                {
                    Threads = values.Threads, WarmUpFiles = values.Warmup, BatchSize = Math.Max(values.BatchSize, 1), Rounds = values.Rounds,
                });
                var report = JsonSerializer.SerializeToNode(result, Json)!.AsObject();
                report["model"] = values.Model.FullName;
                report["onnx"] = onnx;
                report["batched_onnx"] = batched;
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
