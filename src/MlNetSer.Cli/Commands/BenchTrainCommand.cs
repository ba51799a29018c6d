using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetSer.Models;
using MlNetSer.Onnx;
using MlNetSer.Pipeline;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>bench train</c> command: per network (1d, 2d, 3d) the speed of one training step at the paper's
/// batch size (forward, backward and Adam on random segments, after warm-up steps) and of ONNX Runtime
/// inference on the CPU (a batch of segments through the exported model), printed as JSON.
/// </summary>
public static class BenchTrainCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Builds the <c>train</c> subcommand (attached under <c>bench</c>).</summary>
    public static Command Create()
    {
        var networks = new Option<string>("--networks")
        {
            Description = "Networks to measure, comma-separated: any of 1d, 2d, 3d (as for train).",
            DefaultValueFactory = _ => "1d,2d,3d",
        };
        var backbone = new Option<string>("--backbone") { Description = "Backbone of the 2d network (alexnet at 227×227, resnet18 at 224×224).", DefaultValueFactory = _ => "alexnet" };
        backbone.AcceptOnlyFromAmong([.. Backbone2d.Names]);
        var batchSize = CommonOptions.PositiveInt("--batch-size", "Segments per training step (the paper's mini-batch is 30).", 30);
        var warmup = CommonOptions.PositiveInt("--warmup", "Untimed steps (and inference runs) before timing.", 2);
        var steps = CommonOptions.PositiveInt("--steps", "Timed training steps per network.", 5);
        var onnxBatch = CommonOptions.PositiveInt("--onnx-batch", "Segments per ONNX Runtime run.", 30);
        var onnxRuns = CommonOptions.PositiveInt("--onnx-runs", "Timed ONNX Runtime runs per network.", 5);
        var classes = new Option<int>("--classes") { Description = "Emotion classes of the networks.", DefaultValueFactory = _ => 7 };
        classes.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 2)
                r.AddError("--classes must be at least 2.");
        });
        var threads = CommonOptions.NonNegativeInt("--threads", "libtorch and ONNX Runtime intra-op threads (0: their own choice).", 0);

        var command = new Command("train",
            "Measures, per network, train_samples_per_second for one training step (forward + backward + Adam) and "
            + "onnx_ms_per_segment for ONNX Runtime CPU inference; prints JSON.")
        {
            networks, backbone, batchSize, warmup, steps, onnxBatch, onnxRuns, classes, threads,
        };
        command.WithExamples(
            "mlnetser bench train --threads 1",
            "mlnetser bench train --networks 2d --backbone resnet18 --steps 10 > bench-train.json");
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () => (Networks: TrainingFlags.ParseNetworks(parse.GetValue(networks)!).ToArray(), Backbone: parse.GetValue(backbone)!,
                   Settings: new Settings(parse.GetValue(batchSize), parse.GetValue(warmup), parse.GetValue(steps),
                       parse.GetValue(onnxBatch), parse.GetValue(onnxRuns), parse.GetValue(classes), parse.GetValue(threads))),
            bound =>
            {
                var report = Run(bound.Networks, bound.Backbone, bound.Settings);
                parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(report, Json));
                return ExitCodes.Ok;
            }));
        return command;
    }

    private sealed record Settings(int BatchSize, int Warmup, int Steps, int OnnxBatch, int OnnxRuns, int Classes, int Threads);

    private static Dictionary<string, object> Run(string[] networks, string backbone, Settings settings)
    {
        if (settings.Threads > 0)
            set_num_threads(settings.Threads);
        var device = cuda.is_available() ? CUDA : CPU;
        var results = new Dictionary<string, object>();
        foreach (var name in networks)
        {
            var kind = SerNetworkId.Parse(name).KindWith(Backbone2d.Parse(backbone));
            results[name] = Measure(kind, device, settings);
        }

        return new Dictionary<string, object>
        {
            ["batch_size"] = settings.BatchSize,
            ["classes"] = settings.Classes,
            ["warmup_steps"] = settings.Warmup,
            ["timed_steps"] = settings.Steps,
            ["optimizer"] = "adam (lr 0.001)",
            ["train_device"] = device.ToString(),
            ["torch_threads"] = get_num_threads(),
            ["onnx_threads"] = settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount,
            ["onnx_provider"] = "CPU",
            ["processor_count"] = Environment.ProcessorCount,
            ["networks"] = results,
        };
    }

    private static Dictionary<string, object> Measure(NetworkKind kind, Device device, Settings settings)
    {
        using var network = NetworkFactory.Create(kind, settings.Classes);
        var result = new Dictionary<string, object>
        {
            ["network"] = network.Name,
            ["input_shape"] = network.InputShape,
            ["parameters"] = network.ParameterCount,
        };
        if (network is Backbone2dNetwork backbone)
            result["input_size"] = backbone.InputSize;

        var stepSeconds = TrainStepSeconds(network, device, settings);
        result["train_step_ms"] = Math.Round(stepSeconds * 1000, 2);
        result["train_samples_per_second"] = Math.Round(settings.BatchSize / stepSeconds, 1);

        network.cpu();
        network.eval();
        var onnx = OnnxModelExporter.ExportToBytes(network, new OnnxExportOptions
        {
            Labels = Enumerable.Range(0, settings.Classes).Select(i => $"class{i}").ToArray(),
        });
        result["onnx_batch"] = settings.OnnxBatch;
        result["onnx_ms_per_segment"] = Math.Round(OnnxSecondsPerSegment(onnx, network.InputShape, settings) * 1000, 3);
        return result;
    }

    /// <summary>Mean seconds of one step (zero_grad, forward, cross-entropy, backward, Adam) on random segments.</summary>
    private static double TrainStepSeconds(SerNetwork network, Device device, Settings settings)
    {
        random.manual_seed(0);
        network.to(device);
        network.train();
        using var optimizer = optim.Adam(network.parameters(), lr: 0.001);
        using var input = randn([settings.BatchSize, .. network.InputShape], device: device);
        using var target = randint(settings.Classes, [settings.BatchSize], dtype: ScalarType.Int64, device: device);

        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(network.forward(input), target);
            loss.backward();
            optimizer.step();

            // Reading the loss waits for the device, so the step is complete when it is timed.
            _ = loss.item<float>();
        }

        for (var i = 0; i < settings.Warmup; i++)
            Step();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < settings.Steps; i++)
            Step();
        return watch.Elapsed.TotalSeconds / settings.Steps;
    }

    /// <summary>Mean seconds per segment of ONNX Runtime (CPU) runs on a batch of random segments.</summary>
    private static double OnnxSecondsPerSegment(byte[] onnx, IReadOnlyList<long> segmentShape, Settings settings)
    {
        using var options = new SessionOptions();
        if (settings.Threads > 0)
            options.IntraOpNumThreads = settings.Threads;
        using var session = new InferenceSession(onnx, options);
        int[] dimensions = [settings.OnnxBatch, .. segmentShape.Select(d => (int)d)];
        var values = new float[dimensions.Aggregate(1, (a, b) => a * b)];
        var random = new Random(0);
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)(random.NextDouble() * 2 - 1);
        var inputs = new[] { NamedOnnxValue.CreateFromTensor(OnnxContract.Input, new DenseTensor<float>(values, dimensions)) };

        for (var i = 0; i < settings.Warmup; i++)
            session.Run(inputs).Dispose();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < settings.OnnxRuns; i++)
            session.Run(inputs).Dispose();
        return watch.Elapsed.TotalSeconds / (settings.OnnxRuns * settings.OnnxBatch);
    }
}
