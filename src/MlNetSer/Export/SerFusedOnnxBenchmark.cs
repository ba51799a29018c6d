using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MlNetSer.Audio;
using MlNetSer.Pipeline;

namespace MlNetSer.Export;

/// <summary>
/// Times the fused ONNX graph (<see cref="SerFusedOnnx"/>) against the ML.NET pipeline it was exported from on the same
/// files, per thread count: both decode every file and compute every network and both fusions. A benchmark that prints
/// figures, not a test.
/// </summary>
public static class SerFusedOnnxBenchmark
{
    /// <summary>Runs the comparison.</summary>
    /// <param name="mlContext">The context to load the model with.</param>
    /// <param name="modelPath">The fused model zip.</param>
    /// <param name="onnxPath">Its exported graph.</param>
    /// <param name="files">The audio files to score.</param>
    /// <param name="threads">Thread counts to measure (0: one per core, ONNX Runtime's choice).</param>
    /// <param name="warmUpFiles">Files scored untimed before each measurement.</param>
    public static SerFusedOnnxBenchmarkResult Run(MLContext mlContext, string modelPath, string onnxPath, IReadOnlyList<string> files,
        IReadOnlyList<int> threads, int warmUpFiles = 2)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
            throw new ArgumentException("No files to score.", nameof(files));
        var warmUp = files.Take(warmUpFiles).ToArray();
        double audioSeconds = 0;
        var rows = new List<SerFusedOnnxBenchmarkRow>();
        foreach (var count in threads)
        {
            using var model = SerBatchScoringTransformer.Load(mlContext, modelPath, out _, new SerBatchScoringOptions { IntraOpThreads = count });
            Pipeline(mlContext, model, warmUp);
            var pipeline = Stopwatch.StartNew();
            Pipeline(mlContext, model, files);
            pipeline.Stop();

            using var options = new SessionOptions { IntraOpNumThreads = count, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
            using var session = new InferenceSession(onnxPath, options);
            var rate = int.Parse(session.ModelMetadata.CustomMetadataMap[SerFusedOnnx.SampleRateKey], System.Globalization.CultureInfo.InvariantCulture);
            Graph(session, warmUp, rate);
            var graph = Stopwatch.StartNew();
            audioSeconds = Graph(session, files, rate);
            graph.Stop();
            rows.Add(new SerFusedOnnxBenchmarkRow(count, pipeline.Elapsed.TotalSeconds, graph.Elapsed.TotalSeconds,
                audioSeconds / pipeline.Elapsed.TotalSeconds, audioSeconds / graph.Elapsed.TotalSeconds));
        }

        return new SerFusedOnnxBenchmarkResult(files.Count, audioSeconds, rows);
    }

    // Every row's fused and feature-fusion scores, as predict reads them.
    private static void Pipeline(MLContext mlContext, ITransformer model, IReadOnlyList<string> files)
    {
        var scored = model.Transform(SerInput.Load(mlContext, files));
        var columns = new[] { scored.Schema[SerColumns.Score] }.Concat(scored.Schema.GetColumnOrNull(SerColumns.FeatureScore) is { } f ? [f] : []).ToArray();
        using var cursor = scored.GetRowCursor(columns);
        var getters = columns.Select(c => cursor.GetGetter<VBuffer<float>>(c)).ToArray();
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            foreach (var getter in getters)
                getter(ref buffer);
        }
    }

    private static double Graph(InferenceSession session, IReadOnlyList<string> files, int rate)
    {
        double seconds = 0;
        foreach (var file in files)
        {
            var samples = AudioReader.Load(file, rate).Samples;
            seconds += samples.Length / (double)rate;
            using var input = OrtValue.CreateTensorValueFromMemory(samples, [samples.Length]);
            using var outputs = session.Run(new RunOptions(), new Dictionary<string, OrtValue> { [SerFusedOnnx.SamplesInput] = input }, session.OutputNames);
        }

        return seconds;
    }
}

/// <summary>What <see cref="SerFusedOnnxBenchmark.Run"/> measured.</summary>
/// <param name="Files">Files scored per measurement.</param>
/// <param name="AudioSeconds">Their total duration.</param>
/// <param name="Rows">One row per thread count.</param>
public sealed record SerFusedOnnxBenchmarkResult(int Files, double AudioSeconds, IReadOnlyList<SerFusedOnnxBenchmarkRow> Rows);

/// <summary>The ML.NET pipeline and the fused graph at one thread count.</summary>
/// <param name="Threads">ONNX Runtime intra-op threads (0: one per core).</param>
/// <param name="PipelineSeconds">Wall time of the ML.NET pipeline (<see cref="SerBatchScoringTransformer"/>, as predict runs it).</param>
/// <param name="GraphSeconds">Wall time of the fused graph in ONNX Runtime, file by file, decoding included.</param>
/// <param name="PipelineRealTime">Audio seconds per second of the pipeline.</param>
/// <param name="GraphRealTime">Audio seconds per second of the graph.</param>
public sealed record SerFusedOnnxBenchmarkRow(int Threads, double PipelineSeconds, double GraphSeconds, double PipelineRealTime, double GraphRealTime);
