using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetSer.Models;

/// <summary>
/// The sample-level 1D CNN on raw waveform segments (paper Table 1, generalised per Table 4).
/// For 625 samples: conv k6×32 → BN → ReLU → pool 5 → conv k5×32 → BN → ReLU → pool 5 → conv k5×64 →
/// BN → ReLU → pool 5 → conv k4×64 → BN → ReLU (length 1) → flatten → dropout → FC 2048 → ReLU →
/// dropout → FC 1024 → ReLU → FC C. With 7 classes it has 2 270 983 parameters.
/// </summary>
/// <remarks>Input <c>[N, 1, SegmentLength]</c>; <see cref="SerNetwork.Features"/> is the 1024-d FC layer.</remarks>
public sealed class Cnn1d : SerNetwork
{
    /// <summary>Creates the network with the paper's defaults (625 samples, 7 classes).</summary>
    public Cnn1d()
        : this(new Cnn1dOptions())
    {
    }

    /// <summary>Creates the network with the given options.</summary>
    /// <param name="options">Architecture options; validated here.</param>
    /// <exception cref="ArgumentException">An option is invalid (e.g. a segment length that is not 5^k).</exception>
    public Cnn1d(Cnn1dOptions options)
        : base("cnn1d", options.Classes, options.Hidden2, new long[] { 1, options.SegmentLength })
    {
        options.Validate();
        Options = options;
        var channels = options.EffectiveChannels();

        register_module("features", BuildFeatures(channels));
        register_module("flatten", Flatten());
        register_module("classifier", ClassifierHead.Create(channels[^1], options.Hidden1, options.Hidden2, options.Classes, options.Dropout));
        Seal();
    }

    /// <summary>The options the network was built with.</summary>
    public Cnn1dOptions Options { get; }

    private static Module<Tensor, Tensor> BuildFeatures(int[] channels)
    {
        // Kernel 6 first, kernel 4 last (it sees exactly 4 samples: a fully connected layer), kernel 5
        // between; every convolution but the last is followed by a non-overlapping pool of 5.
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        long inChannels = 1;
        for (var i = 0; i < channels.Length; i++)
        {
            var last = i == channels.Length - 1;
            var kernel = i == 0 ? 6 : last ? 4 : 5;
            var n = i + 1;
            layers.Add(($"conv{n}", Conv1d(inChannels, channels[i], kernel)));
            layers.Add(($"bn{n}", BatchNorm1d(channels[i])));
            layers.Add(($"relu{n}", ReLU()));
            if (!last)
            {
                layers.Add(($"pool{n}", MaxPool1d(5, 5)));
            }

            inChannels = channels[i];
        }

        return Sequential(layers);
    }
}
