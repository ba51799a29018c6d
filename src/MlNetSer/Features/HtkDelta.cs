namespace MlNetSer.Features;

/// <summary>
/// HTK regression deltas along time: d_t = Σ_{n=1..N} n (c_{t+n} − c_{t−n}) / (2 Σ n²), with
/// edge (replicate) padding.
/// </summary>
public static class HtkDelta
{
    /// <summary>
    /// Deltas of a [rows, frames] block (time is the last, fastest axis) into <paramref name="destination"/>.
    /// </summary>
    public static void Compute(ReadOnlySpan<float> source, int rows, int frames, int width, Span<float> destination)
        => throw new NotImplementedException();
}
