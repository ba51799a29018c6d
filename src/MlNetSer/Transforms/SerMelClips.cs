using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlNetSer.Features;

namespace MlNetSer.Transforms;

/// <summary>
/// Stacks successive log-Mel segments (a column made by <see cref="SerMelSegmentsEstimator"/>) into
/// clips for the 3D CNN with <see cref="MelClipStacker.Stack"/>: the output column is the
/// [M, 3, depth, bands, frames] tensor flattened in C order into a variable-length vector of Single.
/// </summary>
/// <remarks>
/// A flattened column does not carry its segment shape, so the estimator takes the
/// <see cref="MelSegmentOptions"/> that made the segments (their <see cref="MelSegmentOptions.MelBands"/>
/// and <see cref="MelSegmentOptions.SegmentFrames"/> give the shape). With a <see cref="MelClipOptions.FrameHop"/>
/// the segments must be cut at it, and their options must say so: the model records the hop, and clips of other
/// segments would contradict it. A row whose length is not a whole number of such segments stops the pipeline with
/// an error naming the column. A row with no segments gets no clips.
/// </remarks>
public sealed class SerMelClipsEstimator : SerOptionsEstimator<MelClipOptions>
{
    internal const string ContractName = "MlNetSer.MelClips.v1";
    private const string TransformName = "SerMelClips";

    internal SerMelClipsEstimator(string outputColumnName, string inputColumnName, MelClipOptions clipOptions, MelSegmentOptions melOptions)
        : base(outputColumnName, inputColumnName, clipOptions, o => o.Validate())
    {
        ArgumentNullException.ThrowIfNull(melOptions);
        melOptions.Validate();
        if (clipOptions?.FrameHop is { } hop && hop != melOptions.SegmentHop)
        {
            throw new ArgumentException(
                $"{TransformName}: the clips' FrameHop is {hop} frames, but the segments of '{inputColumnName}' are cut every {melOptions.SegmentHop}; "
                + "give it a column of segments cut at FrameHop (MelClipOptions.SegmentOptions) and those segments' options.", nameof(melOptions));
        }

        MelBands = melOptions.MelBands;
        SegmentFrames = melOptions.SegmentFrames;
    }

    /// <summary>
    /// The estimators that make clips from a samples column: the clips of <paramref name="melColumnName"/>'s segments,
    /// or, when <paramref name="clip"/> cuts its segments at its own hop, a segments estimator writing
    /// <paramref name="ownSegmentsColumnName"/> (the caller appends it first and drops the column after) and the clips of those.
    /// </summary>
    internal static (SerMelSegmentsEstimator? OwnSegments, SerMelClipsEstimator Clips) FromSamples(
        string clipColumnName, string melColumnName, string ownSegmentsColumnName, string samplesColumnName, MelClipOptions clip, MelSegmentOptions mel)
    {
        if (!clip.HasOwnSegments(mel))
            return (null, new SerMelClipsEstimator(clipColumnName, melColumnName, clip, mel));
        var segmentOptions = clip.SegmentOptions(mel);
        var segments = new SerMelSegmentsEstimator(ownSegmentsColumnName, samplesColumnName, segmentOptions);
        return (segments, new SerMelClipsEstimator(clipColumnName, ownSegmentsColumnName, clip, segmentOptions));
    }

    /// <summary>A copy of the options in use (changing it does not change the estimator).</summary>
    public MelClipOptions Options => CopyOfOptions();

    /// <summary>Mel bands of the input segments.</summary>
    public int MelBands { get; }

    /// <summary>Frames of the input segments.</summary>
    public int SegmentFrames { get; }

    /// <summary>Floats per clip (3 × depth × bands × frames).</summary>
    public int ClipSize => 3 * CurrentOptions.Depth * MelBands * SegmentFrames;

    private protected override void CheckInputs(InputColumns inputs)
        => inputs.RequireSingleVector(TransformName, InputColumnName, "flattened [N, 3, bands, frames] log-Mel segments");

    internal override EstimatorChain<ITransformer> AppendTo(EstimatorChain<ITransformer> chain, MLContext mlContext)
    {
        var state = new MelClipsMapping.State
        {
            Clip = CurrentOptions, MelBands = MelBands, SegmentFrames = SegmentFrames, InputColumnName = InputColumnName,
        };
        return SegmentRows.AppendMapping(chain, mlContext, state, MelClipsMapping.Map, ContractName, InputColumnName, OutputColumnName);
    }
}

/// <summary>The stateless mapping behind <see cref="SerMelClipsEstimator"/> (contract <c>MlNetSer.MelClips.v1</c>).</summary>
internal static class MelClipsMapping
{
    public static void Map(SegmentRows.Input input, SegmentRows.Output output)
    {
        var state = CarriedOptions.Read<State>(input.Options, SerMelClipsEstimator.ContractName, State.Validate);
        var segmentSize = 3 * state.MelBands * state.SegmentFrames;
        var length = input.Values.Length;
        if (length % segmentSize != 0)
        {
            throw new InvalidOperationException(
                $"SerMelClips: column '{state.InputColumnName}' holds {length} floats, not a whole number of " +
                $"[3, {state.MelBands}, {state.SegmentFrames}] Mel segments; give SerMelClips the MelSegmentOptions that made them.");
        }

        if (length == 0)
        {
            output.Values = [];
            return;
        }

        var segments = new SegmentTensor(input.Values, length / segmentSize, [3, state.MelBands, state.SegmentFrames]);
        output.Values = MelClipStacker.Stack(segments, state.Clip).Data;
    }

    /// <summary>What the model zip carries for this transform.</summary>
    public sealed class State
    {
        public MelClipOptions Clip { get; set; } = new();

        public int MelBands { get; set; }

        public int SegmentFrames { get; set; }

        public string InputColumnName { get; set; } = "";

        public static void Validate(State state)
        {
            state.Clip.Validate();
            if (state.MelBands <= 0 || state.SegmentFrames <= 0)
                throw new ArgumentException($"MelBands and SegmentFrames must be positive (got {state.MelBands}, {state.SegmentFrames}).");
        }
    }

    [CustomMappingFactoryAttribute(SerMelClipsEstimator.ContractName)]
    private sealed class Factory : CustomMappingFactory<SegmentRows.Input, SegmentRows.Output>
    {
        public override Action<SegmentRows.Input, SegmentRows.Output> GetMapping() => Map;
    }
}
