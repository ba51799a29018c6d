using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlNetSer.Features;

namespace MlNetSer.Transforms;

/// <summary>
/// Cuts mono samples into scaled fixed-length segments for the 1D CNN with
/// <see cref="WaveformSegmenter.Segment"/>: the output column is the [N, 1, L] tensor flattened in C
/// order into a variable-length vector of Single (N = length / L varies per row).
/// </summary>
/// <remarks>A row with no samples (a file that failed in error-column mode) gets no segments.</remarks>
public sealed class SerWaveformSegmentsEstimator : SerEstimatorBase
{
    internal const string ContractName = "MlNetSer.WaveformSegments.v1";
    private const string TransformName = "SerWaveformSegments";

    private readonly WaveformSegmentOptions _options;

    internal SerWaveformSegmentsEstimator(string outputColumnName, string inputColumnName, WaveformSegmentOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        _options = CarriedOptions.Copy(options);
    }

    /// <summary>The segments column produced.</summary>
    public string OutputColumnName { get; }

    /// <summary>The samples column read.</summary>
    public string InputColumnName { get; }

    /// <summary>A copy of the options in use (changing it does not change the estimator).</summary>
    public WaveformSegmentOptions Options => CarriedOptions.Copy(_options);

    /// <summary>Floats per segment (1 × <see cref="WaveformSegmentOptions.SegmentLength"/>).</summary>
    public int SegmentSize => _options.SegmentLength;

    private protected override void CheckInputs(InputColumns inputs)
        => inputs.RequireSingleVector(TransformName, InputColumnName, "mono audio samples");

    internal override EstimatorChain<ITransformer> AppendTo(EstimatorChain<ITransformer> chain, MLContext mlContext)
    {
        var (inputs, outputs) = SegmentRows.Columns(InputColumnName, OutputColumnName);
        return chain.AppendMapping<SegmentRows.Input, SegmentRows.Output, WaveformSegmentOptions>(
            mlContext, _options, inputs, WaveformSegmentsMapping.Map, ContractName, outputs);
    }
}

/// <summary>The stateless mapping behind <see cref="SerWaveformSegmentsEstimator"/> (contract <c>MlNetSer.WaveformSegments.v1</c>).</summary>
internal static class WaveformSegmentsMapping
{
    public static void Map(SegmentRows.Input input, SegmentRows.Output output)
    {
        var options = CarriedOptions.Read<WaveformSegmentOptions>(input.Options, SerWaveformSegmentsEstimator.ContractName, o => o.Validate());
        output.Values = input.Values.Length == 0 ? [] : WaveformSegmenter.Segment(input.Values, options).Data;
    }

    [CustomMappingFactoryAttribute(SerWaveformSegmentsEstimator.ContractName)]
    private sealed class Factory : CustomMappingFactory<SegmentRows.Input, SegmentRows.Output>
    {
        public override Action<SegmentRows.Input, SegmentRows.Output> GetMapping() => Map;
    }
}
