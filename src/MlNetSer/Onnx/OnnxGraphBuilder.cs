using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace MlNetSer.Onnx;

/// <summary>Accumulates nodes and initializers of one ONNX graph with unique tensor names.</summary>
internal sealed class OnnxGraphBuilder
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _nodeCount;

    /// <summary>The graph being built.</summary>
    public GraphProto Graph { get; } = new();

    /// <summary>Operator sets of other domains the graph uses (e.g. <c>ai.onnx.ml</c> for ML.NET's exported classifiers), by domain.</summary>
    public Dictionary<string, long> ExtraOpsets { get; } = new(StringComparer.Ordinal);

    /// <summary>The graph as a model of <see cref="OnnxContract.IrVersion"/> and opset <see cref="OnnxContract.Opset"/>, produced by MlNetSer.</summary>
    public ModelProto ToModel(string docString)
    {
        var model = new ModelProto
        {
            IrVersion = OnnxContract.IrVersion,
            ProducerName = "MlNetSer",
            ProducerVersion = OnnxModelExporter.LibraryVersion,
            Graph = Graph,
            DocString = docString,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxContract.Opset });
        foreach (var (domain, version) in ExtraOpsets)
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        return model;
    }

    /// <summary>A fresh tensor name derived from <paramref name="hint"/>.</summary>
    public string Unique(string hint)
    {
        var name = hint;
        for (var i = 1; !_names.Add(name); i++)
        {
            name = $"{hint}_{i}";
        }

        return name;
    }

    /// <summary>Adds a float32 initializer holding a copy of <paramref name="tensor"/> (any device).</summary>
    public string AddInitializer(string hint, Tensor tensor)
    {
        using var cpu = tensor.detach().to(ScalarType.Float32).cpu().contiguous();
        var values = cpu.data<float>().ToArray();
        return AddInitializer(hint, cpu.shape, MemoryMarshal.AsBytes(values.AsSpan()), TensorProto.Types.DataType.Float);
    }

    /// <summary>Adds a float32 initializer with the given shape and values.</summary>
    public string AddInitializer(string hint, long[] shape, float[] values) =>
        AddInitializer(hint, shape, MemoryMarshal.AsBytes(values.AsSpan()), TensorProto.Types.DataType.Float);

    /// <summary>Adds an int64 initializer with the given values (a 1D tensor).</summary>
    public string AddInt64Initializer(string hint, long[] values) =>
        AddInitializer(hint, new long[] { values.Length }, MemoryMarshal.AsBytes(values.AsSpan()), TensorProto.Types.DataType.Int64);

    /// <summary>Adds a string initializer with the given values (a 1D tensor).</summary>
    public string AddStringInitializer(string hint, IReadOnlyList<string> values)
    {
        var tensor = new TensorProto { Name = Unique(hint), DataType = (int)TensorProto.Types.DataType.String };
        tensor.Dims.Add(values.Count);
        tensor.StringData.AddRange(values.Select(ByteString.CopyFromUtf8));
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds an int64 scalar initializer.</summary>
    public string AddInt64Scalar(string hint, long value) =>
        AddInitializer(hint, Array.Empty<long>(), MemoryMarshal.AsBytes(new[] { value }.AsSpan()), TensorProto.Types.DataType.Int64);

    /// <summary>Adds a float32 scalar initializer.</summary>
    public string AddFloatScalar(string hint, float value) => AddInitializer(hint, Array.Empty<long>(), new[] { value });

    /// <summary>Adds a node with one output named after <paramref name="outputHint"/>; returns that name.</summary>
    public string AddNode(string opType, string outputHint, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var output = Unique(outputHint);
        AddNodeWithOutput(opType, output, inputs, attributes);
        return output;
    }

    /// <summary>Adds a node whose output name is fixed by the caller (e.g. a graph output).</summary>
    public void AddNodeWithOutput(string opType, string output, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        if (!_names.Add(output) && Graph.Node.Any(n => n.Output.Contains(output)))
        {
            throw new InvalidOperationException($"Tensor '{output}' already has a producer.");
        }

        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_nodeCount++}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
    }

    /// <summary>Declares a float tensor graph input or output; a null dimension is the symbolic segment count.</summary>
    public static ValueInfoProto FloatValueInfo(string name, IEnumerable<long?> shape) =>
        ValueInfo(name, TensorProto.Types.DataType.Float, shape.Select(d => d is { } v ? (object)v : OnnxContract.SegmentDimension));

    /// <summary>
    /// Declares a graph input or output of <paramref name="type"/>; each dimension is a size (<see cref="long"/>) or the
    /// name of a symbolic dimension (<see cref="string"/>).
    /// </summary>
    public static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, IEnumerable<object> shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var dim in shape)
        {
            tensorShape.Dim.Add(dim is long value
                ? new TensorShapeProto.Types.Dimension { DimValue = value }
                : new TensorShapeProto.Types.Dimension { DimParam = (string)dim });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape },
            },
        };
    }

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A string attribute.</summary>
    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>An integer-list attribute.</summary>
    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private string AddInitializer(string hint, long[] shape, ReadOnlySpan<byte> bytes, TensorProto.Types.DataType type)
    {
        if (!BitConverter.IsLittleEndian)
        {
            // ONNX raw_data is little-endian by definition.
            throw new PlatformNotSupportedException("ONNX export needs a little-endian machine.");
        }

        var tensor = new TensorProto { Name = Unique(hint), DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(shape);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }
}
