using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MlNetSer.Fusion;
using MlNetSer.Onnx;
using MlNetSer.Transforms;

namespace MlNetSer.Pipeline;

/// <summary>
/// How fast a fused model scores audio files, and how much of that time ONNX Runtime itself needs: the whole model
/// through ML.NET (what <c>predict</c> and <c>evaluate</c> run), then the model's front end alone, and ONNX Runtime alone
/// on exactly the segments the front end made, each network's model and the fusion graphs run per utterance with
/// sessions of their own (and, as a lower bound, the networks on segments packed across utterances).
/// </summary>
/// <remarks>
/// The three measurements run one after the other on the same files, each after untimed warm-up files, so the figures
/// can be compared directly: <see cref="SerScoringBenchmarkResult.Overhead"/> is what the pipeline adds to ONNX Runtime.
/// The reference copies each utterance's segments into its input tensor outside the clock: it is the cost of the
/// networks, not of a particular client.
/// </remarks>
public static class SerScoringBenchmark
{
    /// <summary>Measures <paramref name="model"/> on <paramref name="files"/>.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="model">A fused model made by <see cref="SerPipelineTrainer"/>, fitted or loaded.</param>
    /// <param name="files">Audio files to score.</param>
    /// <param name="networkOnnx">Each network's ONNX model by network name (<c>1d</c>, <c>2d</c>, <c>3d</c>), e.g. from <see cref="SerModelOnnx.ReadNetworks"/>.</param>
    /// <param name="options">Warm-up, threads and batch size (null: the defaults).</param>
    /// <exception cref="ArgumentException">No files, or a network of the model has no ONNX model in <paramref name="networkOnnx"/>.</exception>
    public static SerScoringBenchmarkResult Run(MLContext mlContext, ITransformer model, IReadOnlyList<string> files,
        IReadOnlyDictionary<string, byte[]> networkOnnx, SerScoringBenchmarkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(networkOnnx);
        options ??= new SerScoringBenchmarkOptions();
        options.Validate();
        if (files.Count == 0)
            throw new ArgumentException("The benchmark needs at least one file.", nameof(files));

        var parts = SerModelParts.Split(model);
        foreach (var network in parts.Networks.Where(n => !networkOnnx.ContainsKey(n.Name)))
            throw new ArgumentException($"No ONNX model given for network '{network.Name}'.", nameof(networkOnnx));
        var warmUp = files.Take(options.WarmUpFiles).ToArray();
        var data = SerInput.Load(mlContext, files);

        if (warmUp.Length > 0)
            ScoreAll(model, SerInput.Load(mlContext, warmUp));
        var clock = Stopwatch.StartNew();
        ScoreAll(model, data);
        var pipelineSeconds = clock.Elapsed.TotalSeconds;

        using var reference = new Reference(model, parts, networkOnnx, options);
        if (warmUp.Length > 0)
            reference.Pass(SerInput.Load(mlContext, warmUp));
        reference.Reset();
        reference.Pass(data);

        var onnx = reference.OnnxSeconds.ToDictionary(p => p.Key, p => Math.Round(p.Value, 3));
        var onnxTotal = reference.OnnxSeconds.Values.Sum();
        onnx["total"] = Math.Round(onnxTotal, 3);
        var batched = reference.BatchedSeconds.ToDictionary(p => p.Key, p => Math.Round(p.Value, 3));
        var batchedTotal = reference.BatchedSeconds.Values.Sum();
        batched["total"] = Math.Round(batchedTotal, 3);
        var graphs = reference.OnnxSeconds.Where(p => !reference.BatchedSeconds.ContainsKey(p.Key)).Sum(p => p.Value);
        return new SerScoringBenchmarkResult(
            files.Count,
            Math.Round(reference.AudioSeconds, 2),
            Math.Round(pipelineSeconds, 3),
            Math.Round(reference.AudioSeconds / pipelineSeconds, 2),
            Math.Round(reference.FeatureSeconds, 3),
            onnx,
            batched,
            reference.Segments,
            Math.Round(pipelineSeconds / onnxTotal - 1, 3),
            Math.Round(pipelineSeconds / (batchedTotal + graphs) - 1, 3),
            options.BatchSegments,
            options.OnnxThreads,
            Environment.ProcessorCount);
    }

    /// <summary>
    /// Reads, row by row, every column <c>predict</c> and <c>evaluate</c> read: each network's scores, the fused score and
    /// the predicted labels of both fusions and of the baseline. Returns the number of rows.
    /// </summary>
    internal static int ScoreAll(ITransformer model, IDataView data)
    {
        var scored = model.Transform(data);
        var schema = scored.Schema;
        var info = SerModelInfo.Read(model);
        var vectors = info.NetworkDetails.Select(n => n.ScoreColumnName).Append(SerColumns.Score)
            .Select(schema.GetColumnOrNull).OfType<DataViewSchema.Column>().ToArray();
        var labels = new[] { SerColumns.PredictedLabel, SerColumns.FeaturePredictedLabel, SerColumns.BaselinePredictedLabel }
            .Select(schema.GetColumnOrNull).OfType<DataViewSchema.Column>().ToArray();
        using var cursor = scored.GetRowCursor(vectors.Concat(labels));
        var vectorGetters = vectors.Select(c => cursor.GetGetter<VBuffer<float>>(c)).ToArray();
        var labelGetters = labels.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(c)).ToArray();
        VBuffer<float> buffer = default;
        ReadOnlyMemory<char> label = default;
        var rows = 0;
        while (cursor.MoveNext())
        {
            foreach (var getter in vectorGetters)
                getter(ref buffer);
            foreach (var getter in labelGetters)
                getter(ref label);
            rows++;
        }

        return rows;
    }

    /// <summary>ONNX Runtime sessions of every graph of the model, fed with the segments of the model's own front end.</summary>
    private sealed class Reference : IDisposable
    {
        private const string MelStatistics = "mel_statistics";
        private const string ScoreFusion = "score_fusion";
        private static readonly string[] NetworkOutputs = [OnnxContract.UtteranceProbabilities, OnnxContract.UtteranceFeatures];

        private readonly SerModelParts _parts;
        private readonly int _sampleRate;
        private readonly int _batch;
        private readonly List<Network> _networks = [];
        private readonly InferenceSession? _melStatistics;
        private readonly InferenceSession? _scoreFusion;
        private readonly ScoreFusionInfo? _fusionInfo;
        private readonly RunOptions _run = new();
        private readonly Dictionary<string, double> _onnx = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double> _batched = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _segments = new(StringComparer.Ordinal);
        private readonly Stopwatch _features = new();

        public Reference(ITransformer model, SerModelParts parts, IReadOnlyDictionary<string, byte[]> networkOnnx, SerScoringBenchmarkOptions options)
        {
            _parts = parts;
            _batch = options.BatchSegments;
            _sampleRate = SerModelInspector.FindLoadSampleRate(model) ?? Audio.AudioReader.DefaultSampleRate;
            var info = SerModelInfo.Read(model);
            try
            {
                foreach (var part in parts.Networks)
                    _networks.Add(new Network(part.Name, part.Info, Session(networkOnnx[part.Name], options)));
                if (info.Baseline is not null && SerModelInspector.FindFeatureOptions(model)?.Mel is { } mel)
                    _melStatistics = Session(MelStatisticsOnnx.Build(mel.MelBands, mel.SegmentFrames), options);
                if (info.ScoreFusion is { } fusion)
                {
                    _fusionInfo = fusion;
                    _scoreFusion = Session(ScoreFusionOnnx.Build(fusion.Weights, fusion.Temperatures, fusion.ClassNames.Count), options);
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public double AudioSeconds { get; private set; }

        public double FeatureSeconds => _features.Elapsed.TotalSeconds;

        public IReadOnlyDictionary<string, double> OnnxSeconds => _onnx;

        public IReadOnlyDictionary<string, double> BatchedSeconds => _batched;

        public IReadOnlyDictionary<string, long> Segments => _segments;

        public void Reset()
        {
            AudioSeconds = 0;
            _features.Reset();
            _onnx.Clear();
            _batched.Clear();
            _segments.Clear();
        }

        /// <summary>One pass over <paramref name="data"/>: the front end timed as the features, every graph's runs as ONNX Runtime.</summary>
        public void Pass(IDataView data)
        {
            var view = new TransformerChain<ITransformer>([.. _parts.FrontEnd]).Transform(data);
            var tensorColumns = _networks.Select(n => n.Info.SegmentColumnName)
                .Concat(_melStatistics is null ? [] : [SerColumns.Mel])
                .Distinct(StringComparer.Ordinal).ToArray();
            var samples = view.Schema[SerColumns.Samples];
            using var cursor = view.GetRowCursor(tensorColumns.Select(c => view.Schema[c]).Append(samples));
            var getters = tensorColumns.ToDictionary(c => c, c => cursor.GetGetter<VBuffer<float>>(view.Schema[c]), StringComparer.Ordinal);
            var getSamples = cursor.GetGetter<VBuffer<float>>(samples);
            var tensors = tensorColumns.ToDictionary(c => c, _ => default(VBuffer<float>), StringComparer.Ordinal);
            VBuffer<float> audio = default;
            foreach (var network in _networks)
                network.Pending.Clear();

            while (true)
            {
                _features.Start();
                var more = cursor.MoveNext();
                if (more)
                {
                    foreach (var column in tensorColumns)
                    {
                        var buffer = tensors[column];
                        getters[column](ref buffer);
                        tensors[column] = buffer;
                    }
                }

                _features.Stop();
                if (!more)
                    break;
                getSamples(ref audio);
                AudioSeconds += (double)audio.Length / _sampleRate;

                var scores = new Dictionary<string, float[]>(StringComparer.Ordinal);
                foreach (var network in _networks)
                    scores[network.Info.ScoreColumnName] = RunNetwork(network, tensors[network.Info.SegmentColumnName]);
                if (_melStatistics is not null)
                    RunMelStatistics(tensors[SerColumns.Mel]);
                if (_scoreFusion is not null)
                    RunScoreFusion(scores);
            }

            foreach (var network in _networks)
                RunBatch(network, flush: true);
        }

        // The utterance's segments as one run (what ApplyOnnxModel does per row), and into the batched reference's queue.
        private float[] RunNetwork(Network network, VBuffer<float> tensor)
        {
            var values = tensor.DenseValues().ToArray();
            var segmentSize = (int)network.Info.SegmentShape.Aggregate(1L, (a, b) => a * b);
            var count = values.Length / segmentSize;
            _segments[network.Name] = _segments.GetValueOrDefault(network.Name) + count;
            float[] probabilities;
            using (var input = OrtValue.CreateTensorValueFromMemory(values, [count, .. network.Info.SegmentShape]))
            {
                var clock = Stopwatch.StartNew();
                using var outputs = network.Session.Run(_run, [OnnxContract.Input], [input], NetworkOutputs);
                Add(_onnx, network.Name, clock);
                probabilities = outputs.First().GetTensorDataAsSpan<float>().ToArray();
            }

            network.Pending.AddRange(values);
            RunBatch(network, flush: false);
            return probabilities;
        }

        // Runs of BatchSegments segments while the queue holds that many; with flush, the remainder too.
        private void RunBatch(Network network, bool flush)
        {
            var segmentSize = (int)network.Info.SegmentShape.Aggregate(1L, (a, b) => a * b);
            while (network.Pending.Count >= _batch * segmentSize || (flush && network.Pending.Count > 0))
            {
                var count = Math.Min(_batch, network.Pending.Count / segmentSize);
                var values = network.Pending.GetRange(0, count * segmentSize).ToArray();
                network.Pending.RemoveRange(0, values.Length);
                using var input = OrtValue.CreateTensorValueFromMemory(values, [count, .. network.Info.SegmentShape]);
                var clock = Stopwatch.StartNew();
                using var outputs = network.Session.Run(_run, [OnnxContract.Input], [input], NetworkOutputs);
                Add(_batched, network.Name, clock);
            }
        }

        private void RunMelStatistics(VBuffer<float> mel)
        {
            var values = mel.DenseValues().ToArray();
            var shape = _melStatistics!.InputMetadata[MelStatisticsOnnx.InputName].Dimensions;
            var segmentSize = shape.Skip(1).Aggregate(1, (a, b) => a * b);
            using var input = OrtValue.CreateTensorValueFromMemory(values, [values.Length / segmentSize, .. shape.Skip(1).Select(d => (long)d)]);
            var clock = Stopwatch.StartNew();
            using var outputs = _melStatistics.Run(_run, [MelStatisticsOnnx.InputName], [input], [MelStatisticsOnnx.OutputName]);
            Add(_onnx, MelStatistics, clock);
        }

        private void RunScoreFusion(Dictionary<string, float[]> scores)
        {
            var names = _fusionInfo!.ScoreColumnNames.Select((_, i) => ScoreFusionOnnx.InputName(i)).ToArray();
            var inputs = _fusionInfo.ScoreColumnNames.Select(c => OrtValue.CreateTensorValueFromMemory(scores[c], [scores[c].Length])).ToArray();
            try
            {
                var clock = Stopwatch.StartNew();
                using var outputs = _scoreFusion!.Run(_run, names, inputs, [ScoreFusionOnnx.OutputName]);
                Add(_onnx, ScoreFusion, clock);
            }
            finally
            {
                foreach (var input in inputs)
                    input.Dispose();
            }
        }

        private static void Add(Dictionary<string, double> times, string name, Stopwatch clock)
            => times[name] = times.GetValueOrDefault(name) + clock.Elapsed.TotalSeconds;

        // What ApplyOnnxModel's sessions get, on the CPU.
        private static InferenceSession Session(byte[] onnx, SerScoringBenchmarkOptions options)
            => OnnxSessions.Create(onnx, intraOpThreads: options.OnnxThreads);

        public void Dispose()
        {
            foreach (var network in _networks)
                network.Session.Dispose();
            _melStatistics?.Dispose();
            _scoreFusion?.Dispose();
            _run.Dispose();
        }

        private sealed record Network(string Name, SerNetworkInfo Info, InferenceSession Session)
        {
            public List<float> Pending { get; } = [];
        }
    }
}
