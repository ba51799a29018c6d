namespace MlNetSer.Features;

/// <summary>
/// The samples of the input signal that one segment was computed from: <c>[Start, End)</c>, at the rate the
/// features were computed at. Padding is not part of a span: a segment zero-padded past the end of a short
/// signal ends where the signal ends.
/// </summary>
/// <param name="Start">First sample index.</param>
/// <param name="End">One past the last sample index (at least <paramref name="Start"/>).</param>
public readonly record struct SampleSpan(long Start, long End)
{
    /// <summary>Number of samples covered.</summary>
    public long Length => End - Start;

    /// <summary>Samples this span shares with <paramref name="other"/> (0 when they do not overlap).</summary>
    public long Overlap(SampleSpan other) => Math.Max(0, Math.Min(End, other.End) - Math.Max(Start, other.Start));
}
