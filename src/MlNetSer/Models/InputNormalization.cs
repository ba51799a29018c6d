using TorchSharp;
using static TorchSharp.torch;

namespace MlNetSer.Models;

/// <summary>
/// The first layer of the 2D and 3D networks: an affine map <c>y = x·weight + bias</c> with constant
/// (non-trainable) <c>weight</c> and <c>bias</c> that standardise the log-Mel input with statistics of the
/// training data, then place it in the range the backbone's pretrained weights expect.
/// </summary>
/// <remarks>
/// <para>
/// Log-Mel power reaches the networks as ln values from about −23 to +10 while Δ and ΔΔ stay near ±1, so
/// without it the three channels differ in scale by an order of magnitude and AlexNet, which has no batch
/// normalisation, starts far from where its activations are useful. <see cref="SetStatistics"/> turns
/// per-cell means μ and standard deviations σ (a cell being a channel and Mel band by default, see
/// <c>InputNormalizationMode</c>) into <c>weight = s/σ</c>, <c>bias = m − μ·s/σ</c>, where
/// <c>s</c> and <c>m</c> (<see cref="TargetScale"/>, <see cref="TargetMean"/>) are the standard deviation and
/// mean of the inputs the weights were trained on: 1 and 0 (z-scores) for random initialisation and for
/// torchvision weights (their ImageNet normalisation gives unit-variance inputs), the pixel standard deviation
/// of ImageNet on a 0–255 scale for the CNTK ResNet-18 (see <see cref="CntkResnet18Weights"/>).
/// </para>
/// <para>
/// The buffers are part of the state dict (checkpoints, <c>save</c>/<c>load</c>) and of the exported ONNX
/// graph (a <c>Mul</c> and an <c>Add</c>), so a saved model takes the log-Mel tensors of the ONNX contract as
/// they are. Until <see cref="SetStatistics"/> is called the layer is the identity.
/// </para>
/// </remarks>
public sealed class InputNormalization : nn.Module<Tensor, Tensor>
{
    private readonly Tensor weight;
    private readonly Tensor bias;
    private readonly Tensor level;

    /// <summary>Creates the identity map for inputs whose statistics have shape <paramref name="cellShape"/>.</summary>
    /// <param name="segmentShape">The shape of one input segment (without the batch dimension), e.g. <c>[3, 64, 64]</c>.</param>
    /// <param name="cellShape">
    /// The shape of the statistics: <paramref name="segmentShape"/> with 1 in the dimensions they are pooled over,
    /// e.g. <c>[3, 64, 1]</c> for one value per channel and Mel band of a 2D segment.
    /// </param>
    /// <param name="targetScale">Per input channel, the standard deviation the backbone's weights expect (default 1).</param>
    /// <param name="targetMean">Per input channel, the mean the backbone's weights expect (default 0).</param>
    public InputNormalization(IReadOnlyList<long> segmentShape, IReadOnlyList<long> cellShape,
        IReadOnlyList<float>? targetScale = null, IReadOnlyList<float>? targetMean = null)
        : base(nameof(InputNormalization))
    {
        if (segmentShape.Count != cellShape.Count || segmentShape.Count == 0
            || segmentShape.Zip(cellShape).Any(p => p.Second != 1 && p.Second != p.First))
        {
            throw new ArgumentException(
                $"The statistics shape [{string.Join(", ", cellShape)}] must be the segment shape [{string.Join(", ", segmentShape)}] with some dimensions set to 1.",
                nameof(cellShape));
        }

        SegmentShape = segmentShape.ToArray();
        CellShape = cellShape.ToArray();
        SetTarget(targetScale, targetMean);
        weight = ones(CellShape.ToArray());
        bias = zeros(CellShape.ToArray());
        // 1 where the segment's own mean is subtracted (the static channel when CentresLevel), else 0.
        level = zeros([SegmentShape[0], .. Enumerable.Repeat(1L, SegmentShape.Count - 1)]);
        register_buffer(nameof(weight), weight);
        register_buffer(nameof(bias), bias);
        register_buffer(nameof(level), level);
    }

    /// <summary>
    /// Whether each segment's static channel (channel 0, the log-Mel power) first has its own mean over all its bands and
    /// frames subtracted (default false). A recording's gain adds a constant to log power, so this removes the recording
    /// level, which says more about the microphone than about the speaker's emotion, while the spectral shape, its changes
    /// over time and the Δ/ΔΔ channels (which a gain does not change) stay. Set it before the statistics, which are
    /// then those of the centred inputs (see <c>InputStatistics.Compute</c> in Training).
    /// </summary>
    public bool CentresLevel
    {
        get => level.data<float>()[0] != 0;
        set
        {
            using (no_grad())
                level[0].fill_(value ? 1f : 0f);
        }
    }

    /// <summary>Per input channel, 1 where the segment's own mean is subtracted first (see <see cref="CentresLevel"/>), else 0.</summary>
    public float[] LevelMask => level.data<float>().ToArray();

    /// <summary>The shape of one input segment.</summary>
    public IReadOnlyList<long> SegmentShape { get; }

    /// <summary>The shape of the statistics (the segment shape with pooled dimensions set to 1).</summary>
    public IReadOnlyList<long> CellShape { get; }

    /// <summary>Per input channel, the standard deviation the normalised input gets (see the remarks).</summary>
    public IReadOnlyList<float> TargetScale { get; private set; } = [];

    /// <summary>Per input channel, the mean the normalised input gets (see the remarks).</summary>
    public IReadOnlyList<float> TargetMean { get; private set; } = [];

    /// <summary>The per-cell multiplier (a copy), in <see cref="CellShape"/> order.</summary>
    public float[] Weight => weight.data<float>().ToArray();

    /// <summary>The per-cell offset (a copy), in <see cref="CellShape"/> order.</summary>
    public float[] Bias => bias.data<float>().ToArray();

    /// <summary>Sets the range the normalised input is mapped into (call before <see cref="SetStatistics"/>).</summary>
    /// <param name="targetScale">Per input channel (or one value for all), the standard deviation; null for 1.</param>
    /// <param name="targetMean">Per input channel (or one value for all), the mean; null for 0.</param>
    public void SetTarget(IReadOnlyList<float>? targetScale, IReadOnlyList<float>? targetMean)
    {
        var channels = (int)SegmentShape[0];
        TargetScale = PerChannel(targetScale, 1f, channels, nameof(targetScale));
        TargetMean = PerChannel(targetMean, 0f, channels, nameof(targetMean));
    }

    /// <summary>Sets the map from per-cell statistics of the training inputs.</summary>
    /// <param name="mean">Per cell (in <see cref="CellShape"/> order), the mean.</param>
    /// <param name="standardDeviation">Per cell, the standard deviation (positive).</param>
    public void SetStatistics(IReadOnlyList<double> mean, IReadOnlyList<double> standardDeviation)
    {
        var cells = CellShape.Aggregate(1L, (a, b) => a * b);
        if (mean.Count != cells || standardDeviation.Count != cells)
            throw new ArgumentException($"Expected {cells} statistics per kind (shape [{string.Join(", ", CellShape)}]), got {mean.Count} means and {standardDeviation.Count} deviations.");
        var cellsPerChannel = cells / CellShape[0];
        var w = new float[cells];
        var b = new float[cells];
        for (var i = 0; i < cells; i++)
        {
            if (!(standardDeviation[i] > 0) || !double.IsFinite(mean[i]))
                throw new ArgumentException($"Statistics cell {i}: mean {mean[i]}, standard deviation {standardDeviation[i]}; need a finite mean and a positive deviation.");
            var channel = (int)(i / cellsPerChannel);
            var scale = TargetScale[channel] / standardDeviation[i];
            w[i] = (float)scale;
            b[i] = (float)(TargetMean[channel] - mean[i] * scale);
        }

        using (no_grad())
        {
            weight.copy_(tensor(w, CellShape.ToArray()));
            bias.copy_(tensor(b, CellShape.ToArray()));
        }
    }

    /// <summary>The normalised batch (same shape as the input).</summary>
    /// <param name="input">A batch <c>[N, ..SegmentShape]</c>.</param>
    public override Tensor forward(Tensor input)
    {
        if (!CentresLevel)
            return torch.addcmul(bias, input, weight, 1);
        using var scope = NewDisposeScope();
        var dims = Enumerable.Range(1, (int)input.dim() - 1).Select(d => (long)d).ToArray();
        var mean = input.narrow(1, 0, 1).mean(dims, keepdim: true);
        return torch.addcmul(bias, input - mean * level, weight, 1).MoveToOuterDisposeScope();
    }

    private static float[] PerChannel(IReadOnlyList<float>? values, float fallback, int channels, string name)
    {
        if (values is null)
            return Enumerable.Repeat(fallback, channels).ToArray();
        if (values.Count == 1)
            return Enumerable.Repeat(values[0], channels).ToArray();
        if (values.Count != channels || values.Any(v => !float.IsFinite(v)))
            throw new ArgumentException($"{name} needs one finite value or one per input channel ({channels}); got {values.Count}.", name);
        return values.ToArray();
    }
}
