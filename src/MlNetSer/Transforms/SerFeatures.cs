using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Features;

namespace MlNetSer.Transforms;

/// <summary>
/// All three input tensors of the paper from one samples column: <see cref="SerWaveformSegmentsEstimator"/>,
/// <see cref="SerMelSegmentsEstimator"/> and <see cref="SerMelClipsEstimator"/> (stacked from the Mel column, or from
/// segments cut at <see cref="MelClipOptions.FrameHop"/> in a temporary column when that differs) with one
/// <see cref="FeatureOptions"/>.
/// </summary>
public sealed class SerFeaturesEstimator : SerEstimatorBase
{
    private readonly SerWaveformSegmentsEstimator _waveform;
    private readonly SerMelSegmentsEstimator _mel;
    private readonly SerMelClipsEstimator _clips;
    private readonly SerMelSegmentsEstimator? _clipSegments;

    // The temporary column of the clips' own segments: the clip column's name and this.
    private const string ClipSegmentsSuffix = ".Segments";

    internal SerFeaturesEstimator(string waveformColumnName, string melColumnName, string clipColumnName, string inputColumnName, FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string[] names = [waveformColumnName, melColumnName, clipColumnName, inputColumnName];
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            throw new ArgumentException($"SerFeatures: the three output columns and the input column need four different names (got {string.Join(", ", names)}).");
        _waveform = new SerWaveformSegmentsEstimator(waveformColumnName, inputColumnName, options.Waveform);
        _mel = new SerMelSegmentsEstimator(melColumnName, inputColumnName, options.Mel);
        (_clipSegments, _clips) = SerMelClipsEstimator.FromSamples(
            clipColumnName, melColumnName, clipColumnName + ClipSegmentsSuffix, inputColumnName, options.Clip, options.Mel);

        Options = new FeatureOptions { Waveform = _waveform.Options, Mel = _mel.Options, Clip = _clips.Options };
    }

    /// <summary>The 1D segments column produced ([N1, 1, L] flattened).</summary>
    public string WaveformColumnName => _waveform.OutputColumnName;

    /// <summary>The 2D segments column produced ([N2, 3, bands, frames] flattened).</summary>
    public string MelColumnName => _mel.OutputColumnName;

    /// <summary>The 3D clips column produced ([N3, 3, depth, bands, frames] flattened).</summary>
    public string ClipColumnName => _clips.OutputColumnName;

    /// <summary>The samples column read.</summary>
    public string InputColumnName => _waveform.InputColumnName;

    /// <summary>A copy of the options in use (changing it does not change the estimator).</summary>
    public FeatureOptions Options { get; }

    private protected override void CheckInputs(InputColumns inputs)
        => inputs.RequireSingleVector("SerFeatures", InputColumnName, "mono audio samples");

    internal override EstimatorChain<ITransformer> AppendTo(EstimatorChain<ITransformer> chain, MLContext mlContext)
    {
        chain = _mel.AppendTo(_waveform.AppendTo(chain, mlContext), mlContext);
        if (_clipSegments is null)
            return _clips.AppendTo(chain, mlContext);
        chain = _clips.AppendTo(_clipSegments.AppendTo(chain, mlContext), mlContext);
        return chain.Append<ITransformer>(mlContext.Transforms.DropColumns(_clipSegments.OutputColumnName));
    }
}
