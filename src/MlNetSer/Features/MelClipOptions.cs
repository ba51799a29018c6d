using System.Text.Json.Serialization;

namespace MlNetSer.Features;

/// <summary>
/// How successive log-Mel segments are stacked into clips for the 3D CNN (paper §2.2, Table 6).
/// </summary>
public sealed class MelClipOptions
{
    /// <summary>Segments per clip (default 4; the paper also uses 6, 8 and 10). Clips slide by one segment.</summary>
    public int Depth { get; set; } = 4;

    /// <summary>
    /// Frames between the starts of the segments that clips stack (default null: the Mel segments' own
    /// <see cref="MelSegmentOptions.SegmentHop"/>, so the clips stack the 2D network's segments). The paper does not
    /// give the shift; a smaller one gives the 3D network more clips per utterance, each spanning
    /// (<see cref="Depth"/> − 1) · hop + <see cref="MelSegmentOptions.SegmentFrames"/> frames, at the cost of cutting
    /// the segments a second time.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? FrameHop { get; set; }

    /// <summary>The Mel segment options the clips' segments are cut with: <paramref name="mel"/>, at <see cref="FrameHop"/> when set.</summary>
    /// <param name="mel">The Mel segments' options.</param>
    public MelSegmentOptions SegmentOptions(MelSegmentOptions mel)
    {
        ArgumentNullException.ThrowIfNull(mel);
        if (!HasOwnSegments(mel))
            return mel;
        var options = mel.Clone();
        options.SegmentHop = FrameHop!.Value;
        return options;
    }

    /// <summary>Whether the clips need segments cut at another hop than the Mel segments of <paramref name="mel"/>.</summary>
    /// <param name="mel">The Mel segments' options.</param>
    public bool HasOwnSegments(MelSegmentOptions mel) => FrameHop is { } hop && hop != mel.SegmentHop;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        OptionGuard.AtLeast(Depth, 1, nameof(Depth));
        if (FrameHop is { } hop)
            OptionGuard.AtLeast(hop, 1, nameof(FrameHop));
    }
}
