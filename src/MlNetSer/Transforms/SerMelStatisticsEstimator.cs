using Microsoft.ML;
using Microsoft.ML.Data;
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
public sealed class SerMelStatisticsEstimator : IEstimator<TransformerChain<ITransformer>>
{
    private const string TransformName = "SerMelStatistics";
    private readonly string _outputColumnName;
    private readonly string _inputColumnName;
    private readonly MelSegmentOptions _mel;
    private readonly SerDevice _device;

    internal SerMelStatisticsEstimator(string outputColumnName, string inputColumnName, MelSegmentOptions mel, SerDevice device = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        ArgumentNullException.ThrowIfNull(mel);
        mel.Validate();
        _outputColumnName = outputColumnName;
        _inputColumnName = inputColumnName;
        _mel = CarriedOptions.Copy(mel);
        _device = device;
    }

    /// <summary>Where ONNX Runtime computes the statistics (resolved in <c>Fit</c>; see <see cref="SerDevice"/>).</summary>
    public SerDevice Device => _device;

    /// <summary>Length of the output vector: 2 × Mel bands.</summary>
    public int Size => 2 * _mel.MelBands;

    /// <inheritdoc/>
    public TransformerChain<ITransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Chain(new MLContext(), _device.Resolve()).Fit(input);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        new InputColumns(inputSchema).RequireSingleVector(TransformName, _inputColumnName, "log-Mel segments");
        // The schema does not depend on the device; the CPU spares a CUDA check.
        return Chain(new MLContext(), SerDevice.Cpu).GetOutputSchema(inputSchema);
    }

    private EstimatorChain<ITransformer> Chain(MLContext mlContext, SerDevice device)
    {
        var shapes = new Dictionary<string, int[]>
        {
            [MelStatisticsOnnx.InputName] = [0, 3, _mel.MelBands, _mel.SegmentFrames],
            [MelStatisticsOnnx.OutputName] = [1, Size],
        };
        return OnnxColumnChain.Create(mlContext, _outputColumnName, _inputColumnName, MelStatisticsOnnx.InputName, MelStatisticsOnnx.OutputName,
            MelStatisticsOnnx.Build(_mel.MelBands, _mel.SegmentFrames), shapes, device);
    }
}
