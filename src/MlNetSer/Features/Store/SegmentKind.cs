namespace MlNetSer.Features.Store;

/// <summary>The three input tensors a <see cref="SegmentStore"/> keeps, one entry file per kind and audio file.</summary>
public enum SegmentKind
{
    /// <summary>1D CNN input: scaled waveform segments, [N, 1, L] (<see cref="WaveformSegmenter"/>).</summary>
    Waveform,

    /// <summary>2D CNN input: log-Mel segments with Δ and ΔΔ, [N, 3, bands, frames] (<see cref="MelSegmenter"/>).</summary>
    Mel,

    /// <summary>3D CNN input: stacked Mel segments, [M, 3, depth, bands, frames] (<see cref="MelClipStacker"/>).</summary>
    Clip,
}

/// <summary>What each <see cref="SegmentKind"/> depends on and how it is named on disk.</summary>
internal static class SegmentKinds
{
    /// <summary>Every kind, in tensor order.</summary>
    public static readonly SegmentKind[] All = [SegmentKind.Waveform, SegmentKind.Mel, SegmentKind.Clip];

    /// <summary>The name used in entry file names and keys: the tensor names of the <c>features</c> command.</summary>
    public static string FileTag(SegmentKind kind) => kind switch
    {
        SegmentKind.Waveform => "wave1d",
        SegmentKind.Mel => "mel2d",
        SegmentKind.Clip => "clip3d",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown segment kind."),
    };

    /// <summary>The shape of one segment of <paramref name="kind"/>.</summary>
    public static int[] SegmentShape(SegmentKind kind, FeatureOptions options) => kind switch
    {
        SegmentKind.Waveform => SegmentTensorShapes.Waveform(options.Waveform),
        SegmentKind.Mel => SegmentTensorShapes.Mel(options.Mel),
        SegmentKind.Clip => SegmentTensorShapes.Clip(options.Mel, options.Clip),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown segment kind."),
    };

    /// <summary>
    /// The options that make <paramref name="kind"/>, and nothing else, so that changing the clip depth does not throw
    /// away waveform entries. Every kind depends on the decoding rate, <see cref="MelSegmentOptions.SampleRate"/>.
    /// </summary>
    public static object RelevantOptions(SegmentKind kind, FeatureOptions options) => kind switch
    {
        SegmentKind.Waveform => new { options.Mel.SampleRate, options.Waveform },
        SegmentKind.Mel => new { options.Mel },
        SegmentKind.Clip => new { options.Mel, options.Clip },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown segment kind."),
    };
}
