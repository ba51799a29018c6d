namespace MlNetSer.Features;

/// <summary>
/// A batch of equally shaped segments stored contiguously in C order: <see cref="Data"/> has
/// <see cref="Count"/> × product(<see cref="SegmentShape"/>) floats.
/// </summary>
/// <param name="Data">The values, segment after segment.</param>
/// <param name="Count">Number of segments (the leading dimension N).</param>
/// <param name="SegmentShape">Shape of one segment, e.g. [1, 625], [3, 64, 64] or [3, 4, 64, 64].</param>
public sealed record SegmentTensor(float[] Data, int Count, int[] SegmentShape)
{
    /// <summary>The full shape [N, …].</summary>
    public int[] Shape => [Count, .. SegmentShape];

    /// <summary>Floats per segment.</summary>
    public int SegmentSize => SegmentShape.Aggregate(1, (a, b) => a * b);
}
