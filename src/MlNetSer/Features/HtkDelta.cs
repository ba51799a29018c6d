using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        int size = checked(rows * frames);
        if (source.Length < size) throw new ArgumentException($"Need {size} values, got {source.Length}.", nameof(source));
        if (destination.Length < size) throw new ArgumentException($"Need {size} outputs, got {destination.Length}.", nameof(destination));
        if (source.Overlaps(destination[..size])) throw new ArgumentException("Source and destination must not overlap.", nameof(destination));

        float denominator = width * (width + 1) * (2 * width + 1) / 3f;   // 2 Σ n² for n = 1 … width
        for (int r = 0; r < rows; r++)
            Row(source.Slice(r * frames, frames), destination.Slice(r * frames, frames), width, denominator);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(ReadOnlySpan<float> c, Span<float> d, int width, float denominator)
    {
        int frames = c.Length;
        int last = frames - 1;
        // Frames whose window stays inside the row need no clamping: that stretch runs as vectors.
        int interiorStart = Math.Min(width, frames);
        int interiorEnd = Math.Max(interiorStart, frames - width);

        for (int t = 0; t < interiorStart; t++)
            d[t] = Clamped(c, t, width, last) / denominator;

        int t8 = interiorStart;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float src = ref MemoryMarshal.GetReference(c);
            ref float dst = ref MemoryMarshal.GetReference(d);
            var den = Vector256.Create(denominator);
            for (; t8 + Vector256<float>.Count <= interiorEnd; t8 += Vector256<float>.Count)
            {
                var sum = Vector256<float>.Zero;
                for (int n = 1; n <= width; n++)
                {
                    var diff = Vector256.LoadUnsafe(ref src, (nuint)(t8 + n)) - Vector256.LoadUnsafe(ref src, (nuint)(t8 - n));
                    sum += Vector256.Create((float)n) * diff;
                }

                (sum / den).StoreUnsafe(ref dst, (nuint)t8);
            }
        }

        for (int t = t8; t < frames; t++)
            d[t] = Clamped(c, t, width, last) / denominator;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Clamped(ReadOnlySpan<float> c, int t, int width, int last)
    {
        float sum = 0f;
        for (int n = 1; n <= width; n++)
            sum += n * (c[Math.Min(t + n, last)] - c[Math.Max(t - n, 0)]);
        return sum;
    }
}
