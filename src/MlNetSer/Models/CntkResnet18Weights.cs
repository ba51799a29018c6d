using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetSer.Models;

/// <summary>
/// Loads the ImageNet weights of the CNTK-exported ResNet-18 in the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (<c>ResNet18.onnx</c>, copied by that package
/// into <c>DnnImageModels/ResNet18Onnx/</c> of a build output) into a <see cref="Resnet18"/>.
/// </summary>
/// <remarks>
/// The model's input (<c>Input247</c>) is an image at 224×224 in BGR channel order on a 0–255 scale
/// minus the per-pixel mean image of <c>ResNetPreprocess.onnx</c> (channel means about 103.06, 115.90,
/// 123.15); its output (<c>Pooling395_Output_0</c>) is the 512-d average-pooled feature vector that
/// <see cref="Resnet18.BackboneFeatures"/> reproduces. The head (<c>fc</c>) is left untouched.
/// </remarks>
public static class CntkResnet18Weights
{
    /// <summary>Where the package puts the model in a build output.</summary>
    public static string DefaultPath { get; } =
        Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    /// <summary>
    /// Per input channel, the standard deviation of the inputs the weights were trained on: ImageNet's pixel
    /// standard deviations on the 0–255 scale, in the model's BGR order (0.225, 0.224, 0.229 × 255). The mean image
    /// is subtracted in front of the model, so its inputs have mean 0. <see cref="Load"/> maps the standardised
    /// log-Mel channels (static, Δ, ΔΔ) into this range.
    /// </summary>
    public static IReadOnlyList<float> InputStandardDeviation { get; } = [57.375f, 57.12f, 58.395f];

    /// <summary>
    /// Copies every convolution and batch-norm tensor of the ONNX model into <paramref name="network"/> and sets
    /// its input normalisation's target range to <see cref="InputStandardDeviation"/>.
    /// </summary>
    /// <param name="network">The network to initialise.</param>
    /// <param name="onnxPath">Path of <c>ResNet18.onnx</c>; <see cref="DefaultPath"/> when null.</param>
    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    /// <exception cref="InvalidDataException">The file does not have the expected layers.</exception>
    public static void Load(Resnet18 network, string? onnxPath = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        var path = onnxPath ?? DefaultPath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Pretrained ResNet-18 not found at '{path}' (it ships in the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18).", path);
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"'{path}' is not an ONNX model: {e.Message}", e);
        }

        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var sources = graph.Node.Where(n => n.OpType == "Conv").Select(conv =>
        {
            var norm = graph.Node.SingleOrDefault(n => n.OpType == "BatchNormalization" && n.Input[0] == conv.Output[0])
                ?? throw new InvalidDataException($"'{path}': convolution {conv.Name} has no batch norm after it.");
            return (Conv: conv, Norm: norm);
        }).ToList();

        var targets = ConvolutionsInGraphOrder(network).ToList();
        if (sources.Count != targets.Count)
        {
            throw new InvalidDataException($"'{path}' has {sources.Count} convolutions; ResNet-18 (CNTK layout) needs {targets.Count}.");
        }

        network.Normalization?.SetTarget(InputStandardDeviation, targetMean: null);
        using var noGrad = no_grad();
        foreach (var ((conv, norm), (name, targetConv, targetNorm)) in sources.Zip(targets))
        {
            var strides = conv.Attribute.Single(a => a.Name == "strides").Ints;
            if (strides.Any(s => s != targetConv.stride[0]))
            {
                throw new InvalidDataException($"'{path}': {conv.Name} has strides [{string.Join(",", strides)}] but {name} expects {targetConv.stride[0]}.");
            }

            Copy(initializers, conv.Input[1], targetConv.weight!, path, name);
            Copy(initializers, norm.Input[1], targetNorm.weight!, path, name);
            Copy(initializers, norm.Input[2], targetNorm.bias!, path, name);
            Copy(initializers, norm.Input[3], targetNorm.running_mean!, path, name);
            Copy(initializers, norm.Input[4], targetNorm.running_var!, path, name);
        }
    }

    /// <summary>
    /// The network's convolution/batch-norm pairs in the order the CNTK graph lists them: the stem,
    /// then per block the shortcut (when present) before the two 3×3 convolutions.
    /// </summary>
    private static IEnumerable<(string Name, Conv2d Conv, BatchNorm2d Norm)> ConvolutionsInGraphOrder(Resnet18 network)
    {
        var stemConv = network.Layers.Single(l => l.Path == "conv1").Module;
        var stemNorm = network.Layers.Single(l => l.Path == "bn1").Module;
        yield return ("conv1", (Conv2d)stemConv, (BatchNorm2d)stemNorm);
        foreach (var layer in network.Layers.Where(l => l.Module is ResidualBlock))
        {
            var block = (ResidualBlock)layer.Module;
            if (block.Downsample is { } downsample)
            {
                yield return (layer.Path + ".downsample", downsample.Conv, downsample.Norm);
            }

            yield return (layer.Path + ".conv1", block.Conv1, block.Bn1);
            yield return (layer.Path + ".conv2", block.Conv2, block.Bn2);
        }
    }

    private static void Copy(Dictionary<string, TensorProto> initializers, string source, Tensor target, string path, string layer)
    {
        if (!initializers.TryGetValue(source, out var proto))
        {
            throw new InvalidDataException($"'{path}': tensor {source} for {layer} is not an initializer.");
        }

        var values = proto.FloatData.Count > 0
            ? proto.FloatData.ToArray()
            : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray();
        if (values.Length != target.numel())
        {
            throw new InvalidDataException(
                $"'{path}': tensor {source} has {values.Length} values but {layer} needs [{string.Join(", ", target.shape)}].");
        }

        using var source32 = tensor(values).reshape(target.shape);
        target.copy_(source32);
    }
}
