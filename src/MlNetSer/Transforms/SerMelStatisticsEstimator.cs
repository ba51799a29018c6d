using MlNetSer.Features;
using MlNetSer.Platform;

namespace MlNetSer.Transforms;

/// <summary>
/// Utterance-level log-Mel statistics for a shallow baseline: per Mel band, the mean and the standard deviation of
/// the static log-Mel channel over every frame of the utterance's segments (a fixed-size vector of 2 × bands Single,
/// means first), from the segments column of <see cref="SerMelSegmentsEstimator"/>.
/// </summary>
/// <remarks>
/// Segments overlap (hop 30 of 64 frames by default), so frames inside the utterance count about twice and the
/// trailing frames that fill no segment not at all; the figures are the statistics of the segments the networks
/// see. The computation is a small ONNX graph applied with <c>ApplyOnnxModel</c>, so the column stays fixed-size
/// after <c>Model.Load</c>, as ML.NET's trainers need. A row without segments gets NaN.
/// </remarks>
public sealed class SerMelStatisticsEstimator : OnnxColumnEstimator
{
    private readonly MelSegmentOptions _mel;

    internal SerMelStatisticsEstimator(string outputColumnName, string inputColumnName, MelSegmentOptions mel, SerDevice device = default)
        : base("SerMelStatistics", outputColumnName, inputColumnName, "log-Mel segments", device)
    {
        ArgumentNullException.ThrowIfNull(mel);
        mel.Validate();
        _mel = CarriedOptions.Copy(mel);
    }

    /// <summary>Length of the output vector: 2 × Mel bands.</summary>
    public int Size => 2 * _mel.MelBands;

    private protected override (byte[] Onnx, string Input, string Output, Dictionary<string, int[]> Shapes) Graph()
        => (MelStatisticsOnnx.Build(_mel.MelBands, _mel.SegmentFrames), MelStatisticsOnnx.InputName, MelStatisticsOnnx.OutputName,
            new Dictionary<string, int[]> { [MelStatisticsOnnx.InputName] = [0, 3, _mel.MelBands, _mel.SegmentFrames], [MelStatisticsOnnx.OutputName] = [1, Size] });
}
