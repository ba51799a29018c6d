using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlNetSer.Features;

namespace MlNetSer.Transforms;

/// <summary>
/// Turns mono samples into log-Mel segments with Δ and ΔΔ for the 2D CNN with
/// <see cref="MelSegmenter.Segment"/>: the output column is the [N, 3, bands, frames] tensor flattened
/// in C order into a variable-length vector of Single.
/// </summary>
/// <remarks>
/// The samples must be at <see cref="MelSegmentOptions.SampleRate"/> (the rate given to
/// <see cref="SerLoadAudioEstimator"/>). A row with no samples (a file that failed in error-column
/// mode) gets no segments.
/// </remarks>
public sealed class SerMelSegmentsEstimator : SerEstimatorBase
{
    internal const string ContractName = "MlNetSer.MelSegments.v1";
    private const string TransformName = "SerMelSegments";

    private readonly MelSegmentOptions _options;

    internal SerMelSegmentsEstimator(string outputColumnName, string inputColumnName, MelSegmentOptions options)
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
    public MelSegmentOptions Options => CarriedOptions.Copy(_options);

    /// <summary>Floats per segment (3 × bands × frames).</summary>
    public int SegmentSize => 3 * _options.MelBands * _options.SegmentFrames;

    private protected override void CheckInputs(InputColumns inputs)
        => inputs.RequireSingleVector(TransformName, InputColumnName, "mono audio samples");

    internal override EstimatorChain<ITransformer> AppendTo(EstimatorChain<ITransformer> chain, MLContext mlContext)
    {
        var (inputs, outputs) = SegmentRows.Columns(InputColumnName, OutputColumnName);
        return chain.AppendMapping<SegmentRows.Input, SegmentRows.Output, MelSegmentOptions>(
            mlContext, _options, inputs, MelSegmentsMapping.Map, ContractName, outputs);
    }
}

/// <summary>The stateless mapping behind <see cref="SerMelSegmentsEstimator"/> (contract <c>MlNetSer.MelSegments.v1</c>).</summary>
internal static class MelSegmentsMapping
{
    public static void Map(SegmentRows.Input input, SegmentRows.Output output)
    {
        var options = CarriedOptions.Read<MelSegmentOptions>(input.Options, SerMelSegmentsEstimator.ContractName, o => o.Validate());
        output.Values = input.Values.Length == 0 ? [] : MelSegmenter.Segment(input.Values, options).Data;
    }

    [CustomMappingFactoryAttribute(SerMelSegmentsEstimator.ContractName)]
    private sealed class Factory : CustomMappingFactory<SegmentRows.Input, SegmentRows.Output>
    {
        public override Action<SegmentRows.Input, SegmentRows.Output> GetMapping() => Map;
    }
}
