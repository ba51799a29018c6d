using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using MlNetSer.Features;
using MlNetSer.Fusion;
using MlNetSer.IO;
using MlNetSer.Models;
using MlNetSer.Onnx;
using MlNetSer.Pipeline;
using MlNetSer.Transforms;
using Onnx;
using static MlNetSer.Onnx.OnnxGraphBuilder;

namespace MlNetSer.Export;

/// <summary>
/// The whole fused model as ONE ONNX graph, from samples to emotion, for any ONNX runtime (Python, C++, Java, JavaScript,
/// mobile, an inference server): the front end (<see cref="FrontEndOnnx"/>), the three networks as they are in the model
/// zip, the segment → utterance aggregation, the score-level fusion with the model's λ, and the feature-level fusion's
/// normaliser and linear SVM as ML.NET exports them. onnx/README.md documents the contract.
/// </summary>
/// <example>
/// <code>
/// SerFusedOnnx.Export(new MLContext(), "ser.zip", "ser.onnx");
/// </code>
/// </example>
public static class SerFusedOnnx
{
    /// <summary>
    /// The input: mono float32 samples <c>[T]</c> at the model's sample rate (<see cref="SampleRateKey"/>), in [-1, 1]; in the
    /// batched graph (<see cref="SerFusedOnnxOptions.Batch"/>) <c>[B, T]</c>, one utterance per row, zero-padded past its
    /// length.
    /// </summary>
    public const string SamplesInput = "samples";

    /// <summary>The batched graph's second input: int64 <c>[B]</c>, the number of samples of each row of <see cref="SamplesInput"/>.</summary>
    public const string LengthsInput = "lengths";

    /// <summary>Output <c>[C]</c>: the score fusion's class probabilities (the model's prediction).</summary>
    public const string Probabilities = "probabilities";

    /// <summary>Output <c>[1]</c> string: the class with the highest <see cref="Probabilities"/>.</summary>
    public const string Label = "label";

    /// <summary>Output <c>[C]</c>: the feature fusion's class scores (when the model has a feature fusion).</summary>
    public const string FeatureFusionScores = "feature_fusion_scores";

    /// <summary>Output <c>[1]</c> string: the feature fusion's class (when the model has a feature fusion).</summary>
    public const string FeatureFusionLabel = "feature_fusion_label";

    /// <summary>
    /// Output <c>[C]</c> string: the class names in score order, the same as the <c>labels</c> metadata, for runtimes whose
    /// API does not read model metadata (onnxruntime-node, onnxruntime-web).
    /// </summary>
    public const string Labels = "labels";

    /// <summary>Output <c>[1]</c> int64: the sample rate the input must have, the same as the <c>sample_rate</c> metadata.</summary>
    public const string SampleRate = "sample_rate";

    /// <summary>Metadata key of the sample rate the input must have.</summary>
    public const string SampleRateKey = "sample_rate";

    /// <summary>Metadata key of the networks (JSON array, e.g. <c>["1d","2d","3d"]</c>).</summary>
    public const string NetworksKey = "networks";

    /// <summary>Metadata key of the score fusion's λ per network (JSON object).</summary>
    public const string LambdaKey = "lambda";

    /// <summary>Output <c>[C]</c> of network <paramref name="network"/>'s utterance probabilities, e.g. <c>utt_probs_1d</c>.</summary>
    public static string UtteranceProbabilities(string network) => $"{OnnxContract.UtteranceProbabilities}_{network}";

    /// <summary>Output <c>[N, C]</c> of network <paramref name="network"/>'s segment probabilities, e.g. <c>seg_probs_2d</c>.</summary>
    public static string SegmentProbabilities(string network) => $"{OnnxContract.SegmentProbabilities}_{network}";

    /// <summary>Output <c>[N]</c> int64 of the batched graph: the row of <see cref="SamplesInput"/> each of <see cref="SegmentProbabilities"/>'s segments came from, e.g. <c>seg_rows_2d</c>.</summary>
    public static string SegmentRows(string network) => $"seg_rows_{network}";

    /// <summary>
    /// Runs a batched graph (<see cref="SerFusedOnnxOptions.Batch"/>) on <paramref name="utterances"/>, each mono at the
    /// graph's sample rate: the rows of <see cref="SamplesInput"/> zero-padded to the longest, <see cref="LengthsInput"/>
    /// their lengths. Output row i belongs to utterance i.
    /// </summary>
    /// <param name="session">A session of a batched graph.</param>
    /// <param name="utterances">At least one utterance.</param>
    /// <param name="outputNames">The outputs to compute.</param>
    /// <returns>The outputs, in the order asked; the caller disposes them.</returns>
    public static IDisposableReadOnlyCollection<OrtValue> RunBatch(InferenceSession session, IReadOnlyList<float[]> utterances, IReadOnlyCollection<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(utterances);
        if (utterances.Count == 0)
            throw new ArgumentException("A batch needs at least one utterance.", nameof(utterances));
        var longest = utterances.Max(u => u.Length);
        var padded = new float[utterances.Count * longest];
        for (var i = 0; i < utterances.Count; i++)
            utterances[i].CopyTo(padded, i * longest);
        using var samples = OrtValue.CreateTensorValueFromMemory(padded, [utterances.Count, longest]);
        using var lengths = OrtValue.CreateTensorValueFromMemory(utterances.Select(u => (long)u.Length).ToArray(), [utterances.Count]);
        using var run = new RunOptions();
        return session.Run(run, new Dictionary<string, OrtValue> { [SamplesInput] = samples, [LengthsInput] = lengths }, outputNames);
    }

    /// <summary>Writes the fused graph of the model zip at <paramref name="modelPath"/> to <paramref name="outputPath"/> (atomically).</summary>
    /// <param name="mlContext">The context to load the model with.</param>
    /// <param name="modelPath">A fused model zip (<c>mlnetser train</c>, <c>mlContext.Model.Save</c> of a SerFusedNetworks chain).</param>
    /// <param name="outputPath">The <c>.onnx</c> file to write.</param>
    /// <param name="options">What graph to write (default: one utterance, <c>samples [T]</c>).</param>
    /// <exception cref="FileNotFoundException">The model zip does not exist.</exception>
    /// <exception cref="InvalidDataException">The zip is not a readable fused model.</exception>
    /// <exception cref="NotSupportedException">The model holds a part the graph cannot express (see the message).</exception>
    /// <returns>What was written: size, sample rate, classes, networks and outputs.</returns>
    public static SerFusedOnnxResult Export(MLContext mlContext, string modelPath, string outputPath, SerFusedOnnxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var model = SerModelFile.Load(mlContext, modelPath, out _);
        var info = SerModelInfo.Read(model);
        var features = info.Features ?? throw new NotSupportedException("The model has no front end (it scores tensors, not audio); there is nothing to run from samples.");
        var sampleRate = SampleRateOf(model, features);
        var onnx = Build(mlContext, model, info, features, sampleRate, SerModelOnnx.ReadNetworks(modelPath, model), (options ?? new()).Batch);
        var bytes = onnx.ToByteArray();
        AtomicFile.WriteAllBytes(outputPath, bytes);
        return new SerFusedOnnxResult(Path.GetFullPath(outputPath), bytes.LongLength, sampleRate, info.Labels, info.Networks,
            onnx.Graph.Output.Select(o => o.Name).ToArray());
    }

    private static ModelProto Build(MLContext mlContext, ITransformer model, SerModelInfo info, FeatureOptions features, int sampleRate,
        IReadOnlyDictionary<string, byte[]> networks, bool batch)
    {
        var classes = info.Labels.Count;
        var graph = new OnnxGraphBuilder();
        graph.Graph.Name = "MlNetSerFusedModel";
        foreach (var name in ReservedNames(info, batch))
            graph.Unique(name);
        var rows = new Rows(batch);
        graph.Graph.Input.Add(ValueInfo(SamplesInput, TensorProto.Types.DataType.Float, rows.Shape("T")));
        if (batch)
            graph.Graph.Input.Add(ValueInfo(LengthsInput, TensorProto.Types.DataType.Int64, ["B"]));
        var details = info.Networks.Zip(info.NetworkDetails).ToArray();
        var inputs = NetworkInputs(graph, features, details.Select(d => d.Second).ToArray(), batch);
        var classShape = graph.AddInt64Initializer("class_shape", rows.Size(classes));

        var utterance = new Dictionary<string, (string Scores, string Features)>(StringComparer.Ordinal);
        foreach (var ((name, network), (input, segmentRows)) in details.Zip(inputs))
        {
            var networkGraph = ModelProto.Parser.ParseFrom(networks[name]);
            var (segments, scores, utteranceFeatures) = segmentRows is null
                ? OneUtterance(graph, networkGraph, name, network, input, classes)
                : Batch(graph, networkGraph, name, network, input, segmentRows);
            graph.AddNodeWithOutput("Reshape", UtteranceProbabilities(name), [scores, classShape]);
            graph.AddNodeWithOutput("Identity", SegmentProbabilities(name), [segments]);
            graph.Graph.Output.Add(ValueInfo(UtteranceProbabilities(name), TensorProto.Types.DataType.Float, rows.Shape((long)classes)));
            graph.Graph.Output.Add(ValueInfo(SegmentProbabilities(name), TensorProto.Types.DataType.Float, [$"N_{name}", (long)classes]));
            if (segmentRows is not null)
            {
                graph.AddNodeWithOutput("Identity", SegmentRows(name), [segmentRows]);
                graph.Graph.Output.Add(ValueInfo(SegmentRows(name), TensorProto.Types.DataType.Int64, [$"N_{name}"]));
            }

            utterance[name] = (UtteranceProbabilities(name), utteranceFeatures);
        }

        ScoreFusion(graph, info, utterance, rows.Shape((long)classes));
        var labels = graph.AddStringInitializer("class_names", info.Labels);
        ArgMaxLabel(graph, Probabilities, labels, Label, rows);
        graph.AddNodeWithOutput("Identity", Labels, [labels]);
        graph.Graph.Output.Add(ValueInfo(Labels, TensorProto.Types.DataType.String, [(long)classes]));
        graph.AddNodeWithOutput("Identity", SampleRate, [graph.AddInt64Initializer("rate", [sampleRate])]);
        graph.Graph.Output.Add(ValueInfo(SampleRate, TensorProto.Types.DataType.Int64, [1L]));
        if (info.FeatureFusion is { } fusion)
            FeatureFusion(graph, mlContext, model, fusion, info, utterance, classShape, labels, rows);

        var onnx = graph.ToModel("MlNetSer fused speech emotion model (Zhang et al. 2021): samples → front end → 1D/2D/3D CNNs → score- and feature-level fusion.");
        Metadata(onnx, info, features, sampleRate);
        return onnx;
    }

    // The rate the model decodes audio at is the rate of every tensor of the front end; the graph has one input rate.
    private static int SampleRateOf(ITransformer model, FeatureOptions features)
    {
        var load = SerModelInspector.FindLoadSampleRate(model) ?? features.Mel.SampleRate;
        return load == features.Mel.SampleRate
            ? load
            : throw new NotSupportedException($"The model decodes audio at {load} Hz but computes log-Mel features at {features.Mel.SampleRate} Hz; the graph takes one sample rate.");
    }

    // The outputs' names must not be taken by the inlined graphs' tensors.
    private static IEnumerable<string> ReservedNames(SerModelInfo info, bool batch) =>
        new[] { SamplesInput, Probabilities, Label, FeatureFusionScores, FeatureFusionLabel, Labels, SampleRate }
            .Concat(batch ? [LengthsInput] : [])
            .Concat(info.Networks.SelectMany(n => new[] { UtteranceProbabilities(n), SegmentProbabilities(n) }.Concat(batch ? [SegmentRows(n)] : [])));

    // Each network's input, and with a batch the row of each of its segments.
    private static IReadOnlyList<(string Input, string? Rows)> NetworkInputs(OnnxGraphBuilder graph, FeatureOptions features,
        IReadOnlyList<SerNetworkInfo> networks, bool batch)
    {
        if (!batch)
        {
            var frontEnd = new FrontEndOnnx(graph, features, SamplesInput);
            return networks.Select(n => (InputOf(frontEnd, n, features), (string?)null)).ToArray();
        }

        RequireMeanAggregation(networks);
        var inputs = networks.Select(n => (Func<FrontEndOnnx, string>)(f => InputOf(f, n, features))).ToArray();
        return BatchFrontEndOnnx.Build(graph, features, SamplesInput, LengthsInput, inputs).Select(s => (s.Segments, (string?)s.Rows)).ToArray();
    }

    /// <summary>The batched graph averages each row's segments: a network that aggregates them otherwise cannot be batched.</summary>
    /// <exception cref="NotSupportedException">A network does not use <see cref="SegmentAggregation.Mean"/>.</exception>
    internal static void RequireMeanAggregation(IEnumerable<SerNetworkInfo> networks)
    {
        foreach (var network in networks.Where(n => n.Aggregation != SegmentAggregation.Mean))
            throw new NotSupportedException($"Network '{network.Name}' aggregates its segments by {network.Aggregation}; the batched graph averages them (the paper's mean). Export it without a batch.");
    }

    // One utterance: the network's own heads (its utterance mean, or another aggregation of its segments).
    private static (string Segments, string Scores, string Features) OneUtterance(OnnxGraphBuilder graph, ModelProto network, string name,
        SerNetworkInfo details, string input, int classes)
    {
        var outputs = OnnxGraphInliner.Inline(graph, network, $"{name}/", new Dictionary<string, string> { [OnnxContract.Input] = input },
            [OnnxContract.SegmentProbabilities, OnnxContract.UtteranceProbabilities, OnnxContract.UtteranceFeatures]);
        var segments = outputs[OnnxContract.SegmentProbabilities];
        var scores = details.Aggregation == SegmentAggregation.Mean
            ? outputs[OnnxContract.UtteranceProbabilities]
            : OnnxGraphInliner.Inline(graph, ModelProto.Parser.ParseFrom(SegmentAggregationOnnx.Build(classes, details.Aggregation)), $"{name}/aggregation/",
                new Dictionary<string, string> { [SegmentAggregationOnnx.InputName] = segments }, [SegmentAggregationOnnx.OutputName])[SegmentAggregationOnnx.OutputName];
        return (segments, scores, outputs[OnnxContract.UtteranceFeatures]);
    }

    // A batch: the segments of every row at once, then each row's mean of its segments' probabilities and features (the
    // network's utterance heads are that mean over all the segments of a run), as a [B, N] averaging matrix.
    private static (string Segments, string Scores, string Features) Batch(OnnxGraphBuilder graph, ModelProto network, string name,
        SerNetworkInfo details, string input, string segmentRows)
    {
        var outputs = OnnxGraphInliner.Inline(graph, network, $"{name}/", new Dictionary<string, string> { [OnnxContract.Input] = input },
            [OnnxContract.SegmentProbabilities, OnnxContract.SegmentFeatures]);
        var batch = graph.AddNode("Shape", $"{name}/mean/batch", [LengthsInput]);
        var member = graph.AddNode("OneHot", $"{name}/mean/member", [segmentRows, batch, graph.AddInitializer($"{name}/mean/off_on", [2], [0f, 1f])], Int("axis", 0));
        var counts = graph.AddNode("ReduceSum", $"{name}/mean/counts", [member, graph.AddInt64Initializer($"{name}/mean/segment_axis", [1])], Int("keepdims", 1));
        var mean = graph.AddNode("Div", $"{name}/mean/weights", [member, counts]);
        var segments = outputs[OnnxContract.SegmentProbabilities];
        return (segments,
            graph.AddNode("MatMul", $"{name}/mean/probabilities", [mean, segments]),
            graph.AddNode("MatMul", $"{name}/mean/features", [mean, outputs[OnnxContract.SegmentFeatures]]));
    }

    // Per-utterance outputs: [dims] for one utterance, [B, dims] for a batch.
    private readonly record struct Rows(bool Batch)
    {
        public object[] Shape(params object[] dims) => Batch ? ["B", .. dims] : dims;

        public long[] Size(int classes) => Batch ? [-1, classes] : [classes];
    }

    private static string InputOf(FrontEndOnnx frontEnd, SerNetworkInfo network, FeatureOptions features)
    {
        var (tensor, shape) = network.Kind switch
        {
            NetworkKind.Cnn1d => (frontEnd.WaveformSegments(), new long[] { 1, features.Waveform.SegmentLength }),
            NetworkKind.Cnn3d => (frontEnd.Clips(), new long[] { SegmentTensorShapes.Channels, features.Clip.Depth, features.Mel.MelBands, features.Mel.SegmentFrames }),
            var kind when Backbone2d.Is(kind) => (frontEnd.MelSegments(), new long[] { SegmentTensorShapes.Channels, features.Mel.MelBands, features.Mel.SegmentFrames }),
            var kind => throw new NotSupportedException($"Network '{network.Name}' ({kind}) has no front end in the fused graph."),
        };
        if (!network.SegmentShape.SequenceEqual(shape))
            throw new NotSupportedException($"Network '{network.Name}' takes segments [{string.Join(", ", network.SegmentShape)}] but the model's feature options make [{string.Join(", ", shape)}].");
        return tensor;
    }

    private static void ScoreFusion(OnnxGraphBuilder graph, SerModelInfo info, Dictionary<string, (string Scores, string Features)> utterance, object[] shape)
    {
        if (info.ScoreFusion is { } fusion)
        {
            var model = ModelProto.Parser.ParseFrom(ScoreFusionOnnx.Build(fusion.Weights, fusion.Temperatures, info.Labels.Count));
            var inputs = fusion.Networks.Select((n, i) => (ScoreFusionOnnx.InputName(i), utterance[n].Scores)).ToDictionary(p => p.Item1, p => p.Scores);
            var fused = OnnxGraphInliner.Inline(graph, model, "score_fusion/", inputs, [ScoreFusionOnnx.OutputName])[ScoreFusionOnnx.OutputName];
            graph.AddNodeWithOutput("Identity", Probabilities, [fused]);
        }
        else
        {
            // One network and no fusion: its scores are the model's.
            graph.AddNodeWithOutput("Identity", Probabilities, [utterance[info.Networks[0]].Scores]);
        }

        graph.Graph.Output.Add(ValueInfo(Probabilities, TensorProto.Types.DataType.Float, shape));
    }

    private static void FeatureFusion(OnnxGraphBuilder graph, MLContext mlContext, ITransformer model, FeatureFusionInfo fusion, SerModelInfo info,
        Dictionary<string, (string Scores, string Features)> utterance, string classShape, string labels, Rows rows)
    {
        var byColumn = info.Networks.Zip(info.NetworkDetails).ToDictionary(p => p.Second.FeaturesColumnName, StringComparer.Ordinal);
        var parts = fusion.FeatureColumnNames.Select(c => byColumn.TryGetValue(c, out var network)
            ? network
            : throw new NotSupportedException($"The feature fusion reads '{c}', which is not a network's features column.")).ToArray();
        var size = parts.Sum(p => p.Second.FeatureSize);
        var concatenated = graph.AddNode("Concat", "feature_fusion/features", parts.Select(p => utterance[p.First].Features), Int("axis", 1));
        var classifier = FeatureFusionOnnx.Convert(mlContext, model, fusion, size);
        var scores = OnnxGraphInliner.Inline(graph, classifier.Model, "feature_fusion/",
            new Dictionary<string, string> { [classifier.InputName] = concatenated }, [classifier.ScoreName])[classifier.ScoreName];
        graph.AddNodeWithOutput("Reshape", FeatureFusionScores, [scores, classShape]);
        graph.Graph.Output.Add(ValueInfo(FeatureFusionScores, TensorProto.Types.DataType.Float, rows.Shape((long)info.Labels.Count)));
        ArgMaxLabel(graph, FeatureFusionScores, labels, FeatureFusionLabel, rows);
    }

    // The first class with the highest score, by name (ArgMax keeps the first of equal maxima, as ML.NET does): [1] for
    // one utterance, [B] for a batch.
    private static void ArgMaxLabel(OnnxGraphBuilder graph, string scores, string labels, string output, Rows rows)
    {
        var index = rows.Batch
            ? graph.AddNode("ArgMax", $"{output}/index", [scores], Int("axis", 1), Int("keepdims", 0))
            : graph.AddNode("ArgMax", $"{output}/index", [scores], Int("axis", 0), Int("keepdims", 1));
        graph.AddNodeWithOutput("Gather", output, [labels, index], Int("axis", 0));
        graph.Graph.Output.Add(ValueInfo(output, TensorProto.Types.DataType.String, rows.Batch ? ["B"] : [1L]));
    }

    private static void Metadata(ModelProto onnx, SerModelInfo info, FeatureOptions features, int sampleRate)
    {
        void Add(string key, string value) => onnx.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        Add(OnnxContract.LabelsKey, JsonSerializer.Serialize(info.Labels));
        Add(SampleRateKey, sampleRate.ToString(CultureInfo.InvariantCulture));
        Add(NetworksKey, JsonSerializer.Serialize(info.Networks));
        if (info.ScoreFusion is { } fusion)
            Add(LambdaKey, JsonSerializer.Serialize(fusion.Networks.Zip(fusion.Weights).ToDictionary(p => p.First, p => p.Second)));
        Add(OnnxContract.VersionKey, OnnxModelExporter.LibraryVersion);
        Add(OnnxContract.FeatureOptionsKey, features.ToJson());
    }
}
