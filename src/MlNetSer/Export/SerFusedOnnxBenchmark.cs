using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MlNetSer.Audio;
using MlNetSer.Pipeline;

namespace MlNetSer.Export;

/// <summary>
/// Times the fused ONNX graph (<see cref="SerFusedOnnx"/>), one utterance per run and batched, against the ML.NET pipeline
/// it was exported from on the same files, per thread count: all of them decode every file and compute every network and
/// both fusions. The three take turns for a number of rounds and each figure is the median of its rounds, so a machine
/// whose speed drifts during the measurement affects all three alike. A benchmark that prints figures, not a test.
/// </summary>
public static class SerFusedOnnxBenchmark
{
    /// <summary>Runs the comparison.</summary>
    /// <param name="mlContext">The context to load the model with.</param>
    /// <param name="modelPath">The fused model zip.</param>
    /// <param name="onnxPath">Its exported graph (one utterance per run).</param>
    /// <param name="batchedOnnxPath">Its batched graph (<see cref="SerFusedOnnxOptions.Batch"/>), or null to leave it out.</param>
    /// <param name="files">The audio files to score.</param>
    /// <param name="options">Thread counts, warm-up, rounds and batch size.</param>
    public static SerFusedOnnxBenchmarkResult Run(MLContext mlContext, string modelPath, string onnxPath, string? batchedOnnxPath,
        IReadOnlyList<string> files, SerFusedOnnxBenchmarkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(files);
        options ??= new SerFusedOnnxBenchmarkOptions();
        options.Validate();
        if (files.Count == 0)
            throw new ArgumentException("No files to score.", nameof(files));
        var warmUp = files.Take(options.WarmUpFiles).ToArray();
        double audioSeconds = 0;
        var rows = new List<SerFusedOnnxBenchmarkRow>();
        foreach (var count in options.Threads)
        {
            using var model = SerBatchScoringTransformer.Load(mlContext, modelPath, out _, new SerBatchScoringOptions { IntraOpThreads = count });
            using var sessionOptions = new SessionOptions { IntraOpNumThreads = count, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
            using var session = new InferenceSession(onnxPath, sessionOptions);
            using var batched = batchedOnnxPath is null ? null : new InferenceSession(batchedOnnxPath, sessionOptions);
            var rate = int.Parse(session.ModelMetadata.CustomMetadataMap[SerFusedOnnx.SampleRateKey], System.Globalization.CultureInfo.InvariantCulture);

            if (audioSeconds == 0)
                audioSeconds = files.Sum(f => AudioReader.Load(f, rate).Samples.Length) / (double)rate;

            var contenders = new List<Action<IReadOnlyList<string>>>
            {
                f => Pipeline(mlContext, model, f),
                f => Graph(session, f, rate),
            };
            if (batched is not null)
                contenders.Add(f => BatchedGraph(batched, f, rate, options.BatchSize));
            var seconds = contenders.Select(_ => new List<double>()).ToArray();
            foreach (var contender in contenders)
                contender(warmUp);
            for (var round = 0; round < options.Rounds; round++)
            {
                for (var i = 0; i < contenders.Count; i++)
                {
                    var watch = Stopwatch.StartNew();
                    contenders[i](files);
                    seconds[i].Add(watch.Elapsed.TotalSeconds);
                }
            }

            var (pipeline, graph) = (Median(seconds[0]), Median(seconds[1]));
            double? batch = batched is null ? null : Median(seconds[2]);
            rows.Add(new SerFusedOnnxBenchmarkRow(count, pipeline, graph, batch, audioSeconds / pipeline, audioSeconds / graph, audioSeconds / batch));
        }

        return new SerFusedOnnxBenchmarkResult(files.Count, audioSeconds, options.Rounds, batchedOnnxPath is null ? null : options.BatchSize, rows);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
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

    private static void Graph(InferenceSession session, IReadOnlyList<string> files, int rate)
    {
        using var run = new RunOptions();
        foreach (var file in files)
        {
            var samples = AudioReader.Load(file, rate).Samples;
            using var input = OrtValue.CreateTensorValueFromMemory(samples, [samples.Length]);
            using var outputs = session.Run(run, new Dictionary<string, OrtValue> { [SerFusedOnnx.SamplesInput] = input }, session.OutputNames);
        }
    }

    // Files in groups of batchSize, each group one run: rows zero-padded to the group's longest file.
    private static void BatchedGraph(InferenceSession session, IReadOnlyList<string> files, int rate, int batchSize)
    {
        foreach (var group in files.Chunk(batchSize))
        {
            using var outputs = SerFusedOnnx.RunBatch(session, group.Select(f => AudioReader.Load(f, rate).Samples).ToArray(), session.OutputNames);
        }
    }
}

/// <summary>Options of <see cref="SerFusedOnnxBenchmark.Run"/>.</summary>
public sealed class SerFusedOnnxBenchmarkOptions
{
    /// <summary>ONNX Runtime intra-op thread counts to measure (default 1 and 0; 0: one per core, ONNX Runtime's choice).</summary>
    public IReadOnlyList<int> Threads { get; set; } = [1, 0];

    /// <summary>Files scored untimed by each contender before the rounds (default 2).</summary>
    public int WarmUpFiles { get; set; } = 2;

    /// <summary>Timed passes over the files per contender, taken in turns; each figure is their median (default 3).</summary>
    public int Rounds { get; set; } = 3;

    /// <summary>Utterances per run of the batched graph (default 16).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Threads is null || Threads.Count == 0 || Threads.Any(t => t < 0))
            throw new ArgumentException("Threads: at least one thread count, each 0 or more.");
        if (WarmUpFiles < 0)
            throw new ArgumentException("WarmUpFiles must be 0 or more.");
        if (Rounds < 1)
            throw new ArgumentException("Rounds must be at least 1.");
        if (BatchSize < 1)
            throw new ArgumentException("BatchSize must be at least 1.");
    }
}

/// <summary>What <see cref="SerFusedOnnxBenchmark.Run"/> measured.</summary>
/// <param name="Files">Files scored per measurement.</param>
/// <param name="AudioSeconds">Their total duration.</param>
/// <param name="Rounds">Timed passes per contender; the figures are medians.</param>
/// <param name="BatchSize">Utterances per run of the batched graph (null: not measured).</param>
/// <param name="Rows">One row per thread count.</param>
public sealed record SerFusedOnnxBenchmarkResult(int Files, double AudioSeconds, int Rounds, int? BatchSize, IReadOnlyList<SerFusedOnnxBenchmarkRow> Rows);

/// <summary>The ML.NET pipeline and the fused graphs at one thread count (medians over the rounds).</summary>
/// <param name="Threads">ONNX Runtime intra-op threads (0: one per core).</param>
/// <param name="PipelineSeconds">Wall time of the ML.NET pipeline (<see cref="SerBatchScoringTransformer"/>, as predict runs it).</param>
/// <param name="GraphSeconds">Wall time of the fused graph in ONNX Runtime, file by file, decoding included.</param>
/// <param name="BatchedGraphSeconds">Wall time of the batched graph, decoding included (null: not measured).</param>
/// <param name="PipelineRealTime">Audio seconds per second of the pipeline.</param>
/// <param name="GraphRealTime">Audio seconds per second of the graph.</param>
/// <param name="BatchedGraphRealTime">Audio seconds per second of the batched graph.</param>
public sealed record SerFusedOnnxBenchmarkRow(int Threads, double PipelineSeconds, double GraphSeconds, double? BatchedGraphSeconds,
    double PipelineRealTime, double GraphRealTime, double? BatchedGraphRealTime);
