using MlNetSer.Models;
using TorchSharp.Modules;
using static MlNetSer.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace MlNetSer.Onnx;

/// <summary>
/// Translates one TorchSharp layer (in eval mode) into ONNX nodes. Only the layer types the paper's
/// networks use are supported; anything else fails loudly rather than exporting a wrong graph.
/// </summary>
internal static class OnnxLayerTranslator
{
    /// <summary>Emits the layer; returns the name of its output tensor.</summary>
    /// <param name="graph">Graph under construction.</param>
    /// <param name="layer">The layer.</param>
    /// <param name="input">Name of the layer's input tensor.</param>
    /// <param name="inputShape">The input's shape (for N = 1), from a traced forward pass.</param>
    /// <param name="outputShape">The output's shape (for N = 1).</param>
    public static string Translate(OnnxGraphBuilder graph, NetworkLayer layer, string input, long[] inputShape, long[] outputShape)
    {
        var path = layer.Path;
        return layer.Module switch
        {
            // Eval-mode dropout is the identity: nothing to emit.
            Dropout or Dropout2d or Dropout3d => input,
            ReLU => graph.AddNode("Relu", path, new[] { input }),
            Convolution conv => Convolution(graph, path, conv, input),
            BatchNorm bn => BatchNormalization(graph, path, bn, input),
            MaxPool1d pool => MaxPool(graph, path, input, new[] { pool.kernel_size }, new[] { pool.stride ?? pool.kernel_size },
                new[] { pool.padding ?? 0 }, new[] { pool.dilation ?? 1 }, pool.ceil_mode),
            MaxPool2d pool => MaxPool(graph, path, input, pool.kernel_size, pool.stride ?? pool.kernel_size,
                pool.padding ?? new long[pool.kernel_size.Length], pool.dilation ?? Ones(pool.kernel_size.Length), pool.ceil_mode),
            MaxPool3d pool => MaxPool(graph, path, input, pool.kernel_size, pool.stride ?? pool.kernel_size,
                pool.padding ?? new long[pool.kernel_size.Length], pool.dilation ?? Ones(pool.kernel_size.Length), pool.ceil_mode),
            AdaptiveAvgPool2d => AdaptiveAveragePool(graph, path, input, inputShape, outputShape),
            Flatten flatten => Flatten(graph, path, flatten, input),
            Linear linear => Gemm(graph, path, linear, input, inputShape),
            BilinearResize resize => Resize(graph, path, resize, input),
            InputNormalization normalization => Affine(graph, path, normalization, input),
            AsymmetricPad2d pad => Pad(graph, path, pad, input),
            ResidualBlockBase block => Residual(graph, path, block, input),
            _ => throw new NotSupportedException(
                $"ONNX export does not support layer '{path}' of type {layer.Module.GetType().Name}."),
        };
    }

    private static string Convolution(OnnxGraphBuilder graph, string path, Convolution conv, string input)
    {
        if (conv.transposed || conv.padding_type is not null || conv.padding_mode != TorchSharp.PaddingModes.Zeros)
        {
            throw new NotSupportedException($"ONNX export supports plain zero-padded convolutions only ('{path}').");
        }

        var inputs = new List<string> { input, graph.AddInitializer(path + ".weight", conv.weight!) };
        if (conv.bias is not null)
        {
            inputs.Add(graph.AddInitializer(path + ".bias", conv.bias));
        }

        return graph.AddNode("Conv", path, inputs,
            Ints("kernel_shape", conv.kernel_size),
            Ints("strides", conv.stride),
            Ints("pads", conv.padding!.Concat(conv.padding!)),
            Ints("dilations", conv.dilation),
            Int("group", conv.groups));
    }

    private static string BatchNormalization(OnnxGraphBuilder graph, string path, BatchNorm bn, string input)
    {
        if (!bn.track_running_stats || bn.running_mean is null || bn.running_var is null)
        {
            throw new NotSupportedException($"ONNX export needs running statistics on batch norm '{path}'.");
        }

        var features = (int)bn.num_features;
        var scale = bn.weight is { } w ? graph.AddInitializer(path + ".weight", w) : graph.AddInitializer(path + ".weight", new long[] { features }, Filled(features, 1f));
        var bias = bn.bias is { } b ? graph.AddInitializer(path + ".bias", b) : graph.AddInitializer(path + ".bias", new long[] { features }, Filled(features, 0f));
        var mean = graph.AddInitializer(path + ".running_mean", bn.running_mean);
        var variance = graph.AddInitializer(path + ".running_var", bn.running_var);
        return graph.AddNode("BatchNormalization", path, new[] { input, scale, bias, mean, variance }, Float("epsilon", (float)bn.eps));
    }

    private static string MaxPool(OnnxGraphBuilder graph, string path, string input, long[] kernel, long[] stride, long[] padding, long[] dilation, bool ceilMode) =>
        graph.AddNode("MaxPool", path, new[] { input },
            Ints("kernel_shape", kernel),
            Ints("strides", stride),
            Ints("pads", padding.Concat(padding)),
            Ints("dilations", dilation),
            Int("ceil_mode", ceilMode ? 1 : 0));

    private static string AdaptiveAveragePool(OnnxGraphBuilder graph, string path, string input, long[] inputShape, long[] outputShape)
    {
        // At a fixed input size an adaptive pool whose output divides its input is an ordinary
        // average pool (and the identity when the sizes match, as for AlexNet at 227×227).
        var inSpatial = inputShape[2..];
        var outSpatial = outputShape[2..];
        if (inSpatial.SequenceEqual(outSpatial))
        {
            return input;
        }

        if (inSpatial.Zip(outSpatial).All(p => p.Second % p.First == 0))
        {
            // An output that is a multiple of the input averages one input cell per output cell:
            // nearest-neighbour replication (AlexNet on small inputs, e.g. 3×3 or 1×1 → 6×6).
            var scales = graph.AddInitializer(path + ".scales", new long[] { 4 },
                [1f, 1f, .. inSpatial.Zip(outSpatial, (i, o) => (float)(o / i))]);
            return graph.AddNode("Resize", path, new[] { input, "", scales },
                String("mode", "nearest"),
                String("coordinate_transformation_mode", "asymmetric"),
                String("nearest_mode", "floor"));
        }

        if (inSpatial.Length == 2 && inSpatial.Zip(outSpatial).Any(p => p.First % p.Second != 0))
        {
            // Otherwise each output cell averages the input window PyTorch gives it, [⌊i·in/out⌋, ⌈(i+1)·in/out⌉) per
            // axis (overlapping when the output is larger, e.g. VGG-16's 2×2 map → 7×7 at 64 × 64): out = A_h · x · A_wᵀ.
            var rows = graph.AddInitializer(path + ".rows", [outSpatial[0], inSpatial[0]], AdaptiveAverages(inSpatial[0], outSpatial[0], transposed: false));
            var columns = graph.AddInitializer(path + ".columns", [inSpatial[1], outSpatial[1]], AdaptiveAverages(inSpatial[1], outSpatial[1], transposed: true));
            return graph.AddNode("MatMul", path, new[] { graph.AddNode("MatMul", path + ".rows_pooled", new[] { rows, input }), columns });
        }

        if (inSpatial.Zip(outSpatial).Any(p => p.First % p.Second != 0))
        {
            throw new NotSupportedException(
                $"ONNX export of adaptive pool '{path}' needs its input [{string.Join(", ", inSpatial)}] to be a multiple of its output [{string.Join(", ", outSpatial)}] or the other way round.");
        }

        var kernel = inSpatial.Zip(outSpatial, (i, o) => i / o).ToArray();
        return graph.AddNode("AveragePool", path, new[] { input },
            Ints("kernel_shape", kernel),
            Ints("strides", kernel));
    }

    private static string Flatten(OnnxGraphBuilder graph, string path, Flatten flatten, string input)
    {
        if (flatten.start_dim != 1 || flatten.end_dim != -1)
        {
            throw new NotSupportedException($"ONNX export supports flatten from dimension 1 to the end only ('{path}').");
        }

        return graph.AddNode("Flatten", path, new[] { input }, Int("axis", 1));
    }

    private static string Gemm(OnnxGraphBuilder graph, string path, Linear linear, string input, long[] inputShape)
    {
        if (inputShape.Length != 2)
        {
            throw new NotSupportedException($"ONNX export supports linear layers on [N, features] inputs only ('{path}').");
        }

        var inputs = new List<string> { input, graph.AddInitializer(path + ".weight", linear.weight!) };
        if (linear.bias is not null)
        {
            inputs.Add(graph.AddInitializer(path + ".bias", linear.bias));
        }

        return graph.AddNode("Gemm", path, inputs, Int("transB", 1));
    }

    private static string Resize(OnnxGraphBuilder graph, string path, BilinearResize resize, string input)
    {
        // The target is [N, C, H, W] with N and C taken from the input at run time (opset 17 Resize
        // has no axes attribute). half_pixel with linear mode is PyTorch's align_corners=False.
        var batchAndChannels = graph.AddNode("Shape", path + ".nc", new[] { input }, Int("start", 0), Int("end", 2));
        var spatial = graph.AddInt64Initializer(path + ".hw", new long[] { resize.Height, resize.Width });
        var sizes = graph.AddNode("Concat", path + ".sizes", new[] { batchAndChannels, spatial }, Int("axis", 0));
        return graph.AddNode("Resize", path, new[] { input, "", "", sizes },
            String("mode", "linear"),
            String("coordinate_transformation_mode", "half_pixel"));
    }

    private static string Affine(OnnxGraphBuilder graph, string path, InputNormalization normalization, string input)
    {
        // Broadcast over the batch and pooled dimensions, as in the TorchSharp layer.
        var shape = normalization.CellShape.ToArray();
        if (normalization.CentresLevel)
        {
            var rank = normalization.SegmentShape.Count + 1;
            var staticChannel = graph.AddNode("Slice", path + ".static", new[]
            {
                input, graph.AddInt64Initializer(path + ".start", [0]), graph.AddInt64Initializer(path + ".end", [1]), graph.AddInt64Initializer(path + ".axis", [1]),
            });
            var mean = graph.AddNode("ReduceMean", path + ".level", new[] { staticChannel },
                Ints("axes", Enumerable.Range(1, rank - 1).Select(d => (long)d)), Int("keepdims", 1));
            var mask = graph.AddInitializer(path + ".level_mask", [normalization.SegmentShape[0], .. Enumerable.Repeat(1L, rank - 2)], normalization.LevelMask);
            input = graph.AddNode("Sub", path + ".centred", new[] { input, graph.AddNode("Mul", path + ".level_masked", new[] { mean, mask }) });
        }

        var scaled = graph.AddNode("Mul", path + ".mul", new[] { input, graph.AddInitializer(path + ".weight", shape, normalization.Weight) });
        return graph.AddNode("Add", path, new[] { scaled, graph.AddInitializer(path + ".bias", shape, normalization.Bias) });
    }

    private static string Pad(OnnxGraphBuilder graph, string path, AsymmetricPad2d pad, string input)
    {
        // ONNX order: all begins (N, C, H, W), then all ends.
        var pads = graph.AddInt64Initializer(path + ".pads", new long[] { 0, 0, pad.Top, pad.Left, 0, 0, pad.Bottom, pad.Right });
        var value = graph.AddInitializer(path + ".value", Array.Empty<long>(), new[] { pad.Value });
        return graph.AddNode("Pad", path, new[] { input, pads, value }, String("mode", "constant"));
    }

    private static string Residual(OnnxGraphBuilder graph, string path, ResidualBlockBase block, string input)
    {
        var x = input;
        var steps = block.MainPath;
        for (var i = 0; i < steps.Count; i++)
        {
            var (pad, conv, norm) = steps[i];
            var name = $"{path}.conv{i + 1}";
            if (pad is not null)
                x = Pad(graph, $"{path}.pad{i + 1}", pad, x);
            x = Convolution(graph, name, conv, x);
            x = BatchNormalization(graph, $"{path}.bn{i + 1}", norm, x);
            if (i < steps.Count - 1)
                x = graph.AddNode("Relu", $"{path}.relu{i + 1}", new[] { x });
        }

        var shortcut = input;
        if (block.Downsample is { } downsample)
        {
            shortcut = Convolution(graph, path + ".downsample.0", downsample.Conv, input);
            shortcut = BatchNormalization(graph, path + ".downsample.1", downsample.Norm, shortcut);
        }

        var sum = graph.AddNode("Add", path + ".add", new[] { x, shortcut });
        return graph.AddNode("Relu", path, new[] { sum });
    }

    // The [output × input] matrix (or its transpose) of adaptive average pooling along one axis.
    private static float[] AdaptiveAverages(long input, long output, bool transposed)
    {
        var matrix = new float[input * output];
        for (long i = 0; i < output; i++)
        {
            var start = i * input / output;
            var end = ((i + 1) * input + output - 1) / output;
            for (var j = start; j < end; j++)
                matrix[transposed ? j * output + i : i * input + j] = 1f / (end - start);
        }

        return matrix;
    }

    private static long[] Ones(int count) => Enumerable.Repeat(1L, count).ToArray();

    private static float[] Filled(int count, float value) => Enumerable.Repeat(value, count).ToArray();
}
