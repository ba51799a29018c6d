using System.Reflection;
using System.Text.Json;
using Google.Protobuf;
using MlNetSer.Models;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;
using MlNetSer.IO;

namespace MlNetSer.Onnx;

/// <summary>
/// Writes a trained <see cref="SerNetwork"/> as a self-describing ONNX model (opset 17): input
/// <c>input</c> <c>[N, ..segment]</c> and outputs <c>seg_probs</c>, <c>utt_probs</c>, <c>seg_features</c>,
/// <c>utt_features</c> (see <see cref="OnnxContract"/>), with labels, network name, MlNetSer version
/// and the expected feature options as metadata. No Python is involved: the network's fixed layer
/// chain is translated layer by layer into ONNX protobuf messages.
/// </summary>
public static class OnnxModelExporter
{
    /// <summary>Exports <paramref name="network"/> to <paramref name="path"/>, atomically (temporary file, then rename).</summary>
    /// <param name="network">The network; its weights and batch-norm statistics are read, its mode is restored afterwards.</param>
    /// <param name="path">Destination <c>.onnx</c> file; its folder is created when missing.</param>
    /// <param name="options">Labels and feature options to record.</param>
    public static void Export(SerNetwork network, string path, OnnxExportOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.WriteAllBytes(path, ExportToBytes(network, options));
    }

    /// <summary>The serialised ONNX model.</summary>
    /// <param name="network">The network to export.</param>
    /// <param name="options">Labels and feature options to record.</param>
    public static byte[] ExportToBytes(SerNetwork network, OnnxExportOptions options) => BuildModel(network, options).ToByteArray();

    /// <summary>The ONNX model as protobuf messages (for callers that want to inspect or extend it).</summary>
    /// <param name="network">The network to export.</param>
    /// <param name="options">Labels and feature options to record.</param>
    public static ModelProto BuildModel(SerNetwork network, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Labels.Count != network.Classes)
        {
            throw new ArgumentException(
                $"{network.Name} has {network.Classes} classes but {options.Labels.Count} labels were given.", nameof(options));
        }

        var shapes = TraceShapes(network);
        var graph = new OnnxGraphBuilder();
        graph.Graph.Name = network.Name;
        foreach (var reserved in new[] { OnnxContract.Input, OnnxContract.SegmentProbabilities, OnnxContract.UtteranceProbabilities, OnnxContract.SegmentFeatures, OnnxContract.UtteranceFeatures })
        {
            graph.Unique(reserved);
        }

        var layers = network.Layers;
        var current = OnnxContract.Input;
        for (var i = 0; i < layers.Count - 1; i++)
        {
            current = OnnxLayerTranslator.Translate(graph, layers[i], current, shapes[i], shapes[i + 1]);
        }

        var features = NameOutput(graph, current, OnnxContract.SegmentFeatures);
        var logits = OnnxLayerTranslator.Translate(graph, layers[^1], features, shapes[^2], shapes[^1]);
        graph.AddNodeWithOutput("Softmax", OnnxContract.SegmentProbabilities, new[] { logits }, OnnxGraphBuilder.Int("axis", 1));
        graph.AddNodeWithOutput("ReduceMean", OnnxContract.UtteranceProbabilities, new[] { OnnxContract.SegmentProbabilities },
            OnnxGraphBuilder.Ints("axes", new long[] { 0 }), OnnxGraphBuilder.Int("keepdims", 1));
        graph.AddNodeWithOutput("ReduceMean", OnnxContract.UtteranceFeatures, new[] { OnnxContract.SegmentFeatures },
            OnnxGraphBuilder.Ints("axes", new long[] { 0 }), OnnxGraphBuilder.Int("keepdims", 1));

        graph.Graph.Input.Add(OnnxGraphBuilder.FloatValueInfo(OnnxContract.Input, network.InputShape.Select(d => (long?)d).Prepend(null)));
        graph.Graph.Output.Add(OnnxGraphBuilder.FloatValueInfo(OnnxContract.SegmentProbabilities, new long?[] { null, network.Classes }));
        graph.Graph.Output.Add(OnnxGraphBuilder.FloatValueInfo(OnnxContract.UtteranceProbabilities, new long?[] { 1, network.Classes }));
        graph.Graph.Output.Add(OnnxGraphBuilder.FloatValueInfo(OnnxContract.SegmentFeatures, new long?[] { null, network.FeatureSize }));
        graph.Graph.Output.Add(OnnxGraphBuilder.FloatValueInfo(OnnxContract.UtteranceFeatures, new long?[] { 1, network.FeatureSize }));

        var model = graph.ToModel($"MlNetSer {network.Name}: segment and utterance emotion probabilities and features.");
        AddMetadata(model, network, options);
        return model;
    }

    /// <summary>The library's version as written into <see cref="OnnxContract.VersionKey"/>.</summary>
    public static string LibraryVersion
    {
        get
        {
            var assembly = typeof(OnnxModelExporter).Assembly;
            var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

            // Drop the "+commit" suffix the SDK appends, so the same sources give the same metadata.
            return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        }
    }

    private static void AddMetadata(ModelProto model, SerNetwork network, OnnxExportOptions options)
    {
        var metadata = new Dictionary<string, string>
        {
            [OnnxContract.LabelsKey] = JsonSerializer.Serialize(options.Labels),
            [OnnxContract.NetworkKey] = network.Name,
            [OnnxContract.VersionKey] = LibraryVersion,
            [OnnxContract.FeatureOptionsKey] = options.FeatureOptionsJson,
            [OnnxContract.InputShapeKey] = JsonSerializer.Serialize(network.InputShape),
            [OnnxContract.FeatureSizeKey] = network.FeatureSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in options.ExtraMetadata)
        {
            if (!metadata.TryAdd(key, value))
            {
                throw new ArgumentException($"Extra metadata key '{key}' is reserved by the ONNX contract.", nameof(options));
            }
        }

        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
    }

    private static string NameOutput(OnnxGraphBuilder graph, string tensor, string name)
    {
        var nodes = graph.Graph.Node;
        if (nodes.Count > 0 && nodes[^1].Output.Count == 1 && nodes[^1].Output[0] == tensor)
        {
            nodes[^1].Output[0] = name;
        }
        else
        {
            graph.AddNodeWithOutput("Identity", name, new[] { tensor });
        }

        return name;
    }

    /// <summary>Shapes before the first layer and after each layer for one segment, in eval mode.</summary>
    private static List<long[]> TraceShapes(SerNetwork network)
    {
        var wasTraining = network.training;
        network.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var device = network.parameters().FirstOrDefault()?.device ?? CPU;
            var x = zeros(network.InputShape.Prepend(1L).ToArray(), device: device);
            var shapes = new List<long[]> { x.shape };
            foreach (var layer in network.Layers)
            {
                x = layer.Module.call(x);
                shapes.Add(x.shape);
            }

            return shapes;
        }
        finally
        {
            network.train(wasTraining);
        }
    }
}
