using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using MlNetSer.Data;
using MlNetSer.IO;
using MlNetSer.Models;
using MlNetSer.Pipeline;
using MlNetSer.Synthesis;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>bench predict</c> command: how fast a fused model scores files (real-time factor) and what the ML.NET
/// pipeline adds to ONNX Runtime on the same segments (<see cref="SerScoringBenchmark"/>), printed as JSON. It takes a
/// model zip, or trains one quickly (one epoch on two speakers of a generated demo corpus) with the chosen networks,
/// backbone and preset; the files come from a manifest or from that corpus.
/// </summary>
public static class BenchPredictCommand
{
    private const int UtterancesPerEmotion = 4;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Builds the <c>predict</c> subcommand (attached under <c>bench</c>).</summary>
    public static Command Create()
    {
        var model = new Option<FileInfo?>("--model") { Description = "Fused model zip to measure (default: train one with --networks, --backbone, --preset and --epochs)." };
        var data = new Option<FileInfo?>("--data") { Description = "CSV manifest whose first --files paths are scored (default: a generated demo corpus)." };
        var files = CommonOptions.PositiveInt("--files", "Files to score.", 100);
        var networks = new Option<string>("--networks") { Description = "Networks of the trained model, comma-separated: any of 1d, 2d, 3d.", DefaultValueFactory = _ => "1d,2d,3d" };
        var backbone = new Option<string>("--backbone")
        {
            Description = "2d backbone of the trained model (as for train).",
            DefaultValueFactory = _ => Backbone2d.NameOf(new SerPipelineOptions().Backbone),
        };
        backbone.AcceptOnlyFromAmong([.. Backbone2d.Names]);
        var preset = new Option<string>("--preset") { Description = "Preset of the trained model: paper (2d backbone at 227/224) or fast (at 64×64).", DefaultValueFactory = _ => "paper" };
        preset.AcceptOnlyFromAmong("paper", "fast");
        var epochs = CommonOptions.PositiveInt("--epochs", "Epochs of the trained model (its weights do not change the speed).", 1);
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for the generated corpus, its segment store and the trained model (reused by later runs with the same settings).",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Path.GetTempPath(), "mlnetser-bench-predict")),
        };
        var onnxThreads = CommonOptions.NonNegativeInt("--onnx-threads", "Intra-op threads of the raw ONNX Runtime reference (0: ONNX Runtime's choice, as ApplyOnnxModel).", 0);
        var batch = CommonOptions.PositiveInt("--batch", "Segments per run of the batched ONNX Runtime reference.", 30);
        var warmup = CommonOptions.NonNegativeInt("--warmup", "Files scored untimed before each measurement.", 2);
        var seed = new Option<int>("--seed") { Description = "Seed of the corpus and of training.", DefaultValueFactory = _ => 0 };
        var scoring = new Option<string>("--scoring")
        {
            Description = "packed: the networks score segments of many files per run, as predict and evaluate do; plain: the model as "
                          + "mlContext.Model.Load returns it, one file per run (ApplyOnnxModel).",
            DefaultValueFactory = _ => "packed",
        };
        scoring.AcceptOnlyFromAmong("packed", "plain");

        var command = new Command("predict",
            "Times a fused model on files through the whole ML.NET pipeline (as predict and evaluate) and ONNX Runtime alone on the same "
            + "segments; prints audio_seconds, pipeline_seconds, real_time_factor, feature_seconds, onnx_seconds per graph and total, "
            + "and overhead = pipeline / onnx − 1 as JSON.")
        {
            model, data, files, networks, backbone, preset, epochs, output, onnxThreads, batch, warmup, seed, scoring,
        };
        command.WithExamples(
            "mlnetser bench predict --files 100 --backbone alexnet",
            "mlnetser bench predict --model ser.zip --data corpus/manifest.csv --files 400 > bench-predict.json");
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () => new Settings(parse.GetValue(model), parse.GetValue(data), parse.GetValue(files),
                TrainingFlags.ParseNetworks(parse.GetValue(networks)!).ToArray(), parse.GetValue(backbone)!, parse.GetValue(preset)!,
                parse.GetValue(epochs), parse.GetValue(output)!.FullName, parse.GetValue(seed), parse.GetValue(scoring) == "packed",
                new SerScoringBenchmarkOptions { OnnxThreads = parse.GetValue(onnxThreads), BatchSegments = parse.GetValue(batch), WarmUpFiles = parse.GetValue(warmup) }),
            settings =>
            {
                var report = Run(settings, parse.InvocationConfiguration.Error);
                parse.InvocationConfiguration.Output.WriteLine(report.ToJsonString(Json));
                return ExitCodes.Ok;
            }));
        return command;
    }

    private sealed record Settings(FileInfo? Model, FileInfo? Data, int Files, string[] Networks, string Backbone, string Preset, int Epochs,
        string Folder, int Seed, bool Packed, SerScoringBenchmarkOptions Benchmark);

    private static JsonObject Run(Settings settings, TextWriter log)
    {
        var corpus = settings.Data is null || settings.Model is null ? Corpus(settings, log) : null;
        var manifest = settings.Data is { } data ? SerManifest.Read(data.FullName) : corpus!;
        manifest.ThrowIfProblems();
        var files = manifest.Entries.Take(settings.Files).Select(e => e.Path).ToArray();
        var modelPath = settings.Model?.FullName ?? Train(settings, corpus!, log);

        var mlContext = new MLContext(settings.Seed);
        var model = settings.Packed ? ModelFiles.Load(mlContext, new FileInfo(modelPath)) : SerModelFile.Load(mlContext, modelPath, out _);
        var info = SerModelInfo.Read(model);
        log.WriteLine($"bench predict: scoring {files.Length} files with {modelPath} ({string.Join(", ", info.Networks.Zip(info.NetworkDetails, (name, n) => $"{name} {n.Network}"))}), {(settings.Packed ? "packed" : "plain")}");
        var result = SerScoringBenchmark.Run(mlContext, model, files, SerModelOnnx.ReadNetworks(modelPath, model), settings.Benchmark);

        var report = JsonSerializer.SerializeToNode(result)!.AsObject();
        report["model"] = modelPath;
        report["scoring"] = settings.Packed ? "packed" : "plain";
        report["networks"] = new JsonObject(info.Networks.Zip(info.NetworkDetails, (name, n) => KeyValuePair.Create(name, (JsonNode?)JsonValue.Create(n.Network))));
        return report;
    }

    /// <summary>A demo corpus with at least <see cref="Settings.Files"/> files (written once per size and seed).</summary>
    private static SerManifest Corpus(Settings settings, TextWriter log)
    {
        var emotions = EmotionProfile.Defaults.Count;
        var speakers = Math.Max(2, (int)Math.Ceiling(settings.Files / (double)(emotions * UtterancesPerEmotion)));
        var folder = Path.Combine(settings.Folder, $"corpus-{speakers}x{UtterancesPerEmotion}-seed{settings.Seed}");
        var manifestPath = Path.Combine(folder, DemoCorpus.ManifestFileName);
        var stamp = Path.Combine(folder, "bench.done");
        if (File.Exists(manifestPath) && File.Exists(stamp))
            return SerManifest.Read(manifestPath);

        log.WriteLine($"bench predict: writing a demo corpus of {speakers} speakers × {emotions} emotions × {UtterancesPerEmotion} utterances into {folder}");
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        var corpus = DemoCorpus.Write(folder, new DemoCorpusOptions { Speakers = speakers, UtterancesPerEmotion = UtterancesPerEmotion, Seed = settings.Seed });
        File.WriteAllText(stamp, "");
        return corpus.Manifest;
    }

    /// <summary>Trains a model on the corpus's first speaker (validation: its second) unless one with these settings is there; returns its path.</summary>
    private static string Train(Settings settings, SerManifest corpus, TextWriter log)
    {
        var name = $"model-{string.Join("", settings.Networks)}-{settings.Backbone}-{settings.Preset}-e{settings.Epochs}-seed{settings.Seed}.zip";
        var path = Path.Combine(settings.Folder, name);
        if (File.Exists(path))
            return path;

        var speakers = corpus.Entries.Select(e => e.Speaker).Distinct(StringComparer.Ordinal).Take(2).ToArray();
        var options = new SerPipelineOptions
        {
            Networks = settings.Networks,
            Backbone = Backbone2d.Parse(settings.Backbone),
            Preset = settings.Preset == "fast" ? SerPipelinePreset.Fast : SerPipelinePreset.Paper,
            Epochs = settings.Epochs,
            Seed = settings.Seed,
            CacheDirectory = Path.Combine(settings.Folder, "store"),
        };
        log.WriteLine($"bench predict: training {string.Join(",", settings.Networks)} ({settings.Backbone}, {settings.Preset}, {settings.Epochs} epoch(s)) on speaker {speakers[0]}");
        var result = new SerPipelineTrainer(options).Fit(
            corpus.Entries.Where(e => e.Speaker == speakers[0]).ToArray(),
            corpus.Entries.Where(e => e.Speaker == speakers[1]).ToArray(), corpus.Labels);
        var mlContext = new MLContext(settings.Seed);
        SerModelFile.Save(mlContext, result.Model, SerInput.Schema(mlContext), path);
        log.WriteLine($"bench predict: wrote {path}");
        return path;
    }
}
