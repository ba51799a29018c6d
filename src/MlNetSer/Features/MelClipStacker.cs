namespace MlNetSer.Features;

/// <summary>
/// Stacks successive log-Mel segments into clips for Conv3d: [M, 3, depth, bands, frames], sliding
/// by one segment; fewer segments than the depth repeat the last one up to the depth.
/// </summary>
public static class MelClipStacker
{
    /// <summary>Stacks <paramref name="segments"/> (shape [N, 3, bands, frames]).</summary>
    public static SegmentTensor Stack(SegmentTensor segments, MelClipOptions options)
        => throw new NotImplementedException();
}
