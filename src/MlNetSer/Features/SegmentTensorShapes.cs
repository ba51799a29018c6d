namespace MlNetSer.Features;

/// <summary>The per-segment shapes of the three tensors and how many segments a signal yields.</summary>
public static class SegmentTensorShapes
{
    /// <summary>Channels of a Mel segment: static, Δ, ΔΔ.</summary>
    public const int Channels = 3;

    /// <summary>[1, SegmentLength].</summary>
    public static int[] Waveform(WaveformSegmentOptions options) => [1, options.SegmentLength];

    /// <summary>[3, MelBands, SegmentFrames].</summary>
    public static int[] Mel(MelSegmentOptions options) => [Channels, options.MelBands, options.SegmentFrames];

    /// <summary>[3, Depth, MelBands, SegmentFrames].</summary>
    public static int[] Clip(MelSegmentOptions mel, MelClipOptions clip) => [Channels, clip.Depth, mel.MelBands, mel.SegmentFrames];
}
