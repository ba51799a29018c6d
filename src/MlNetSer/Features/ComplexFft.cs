using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetSer.Features;

/// <summary>
/// In-place forward complex FFT (e^{−2πi nk/M}) of a power-of-two size M on split real/imaginary arrays,
/// iterative radix-2 decimation in time. The caller writes the input already in bit-reversed order
/// (<see cref="BitReversed"/>), which lets it fuse windowing and zero-padding into that one scatter.
/// The first two stages run as one twiddle-free radix-4 pass, stage 3 with 128-bit vectors and the rest
/// with 256-bit vectors over contiguous per-stage twiddle tables.
/// </summary>
internal sealed class ComplexFft
{
    private readonly int[] _bitReversed;
    private readonly float[] _twiddleRe;   // stage with half-span h keeps its h twiddles at [h, 2h)
    private readonly float[] _twiddleIm;

    public ComplexFft(int size)
    {
        if (size < 8 || !BitOperations.IsPow2(size))
            throw new ArgumentOutOfRangeException(nameof(size), size, "The complex FFT size must be a power of two of at least 8.");
        Size = size;
        int bits = BitOperations.Log2((uint)size);
        _bitReversed = new int[size];
        for (int i = 0; i < size; i++)
            _bitReversed[i] = (int)(ReverseBits((uint)i) >> (32 - bits));

        _twiddleRe = new float[size];
        _twiddleIm = new float[size];
        for (int half = 1; half < size; half <<= 1)
        {
            for (int j = 0; j < half; j++)
            {
                double angle = -Math.PI * j / half;
                _twiddleRe[half + j] = (float)Math.Cos(angle);
                _twiddleIm[half + j] = (float)Math.Sin(angle);
            }
        }
    }

    public int Size { get; }

    /// <summary>Where input element i must be written: bit-reverse(i).</summary>
    public ReadOnlySpan<int> BitReversed => _bitReversed;

    /// <summary>Transforms bit-reversed input in <paramref name="re"/>/<paramref name="im"/> into natural-order output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Transform(Span<float> re, Span<float> im)
    {
        if (re.Length < Size || im.Length < Size) throw new ArgumentException($"Need {Size} values.");
        ref float r = ref MemoryMarshal.GetReference(re);
        ref float i = ref MemoryMarshal.GetReference(im);
        Radix4FirstStages(ref r, ref i);
        Stage4(ref r, ref i);
        for (int half = 8; half < Size; half <<= 1)
            Stage(ref r, ref i, half);
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }

    // Stages with half-span 1 and 2: twiddles 1 and −i only.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Radix4FirstStages(ref float r, ref float i)
    {
        for (int k = 0; k < Size; k += 4)
        {
            float r0 = Unsafe.Add(ref r, k), r1 = Unsafe.Add(ref r, k + 1), r2 = Unsafe.Add(ref r, k + 2), r3 = Unsafe.Add(ref r, k + 3);
            float i0 = Unsafe.Add(ref i, k), i1 = Unsafe.Add(ref i, k + 1), i2 = Unsafe.Add(ref i, k + 2), i3 = Unsafe.Add(ref i, k + 3);
            float sr01 = r0 + r1, si01 = i0 + i1, dr01 = r0 - r1, di01 = i0 - i1;
            float sr23 = r2 + r3, si23 = i2 + i3, dr23 = r2 - r3, di23 = i2 - i3;
            Unsafe.Add(ref r, k) = sr01 + sr23;
            Unsafe.Add(ref i, k) = si01 + si23;
            Unsafe.Add(ref r, k + 2) = sr01 - sr23;
            Unsafe.Add(ref i, k + 2) = si01 - si23;
            // (dr23 + i·di23)·(−i) = di23 − i·dr23
            Unsafe.Add(ref r, k + 1) = dr01 + di23;
            Unsafe.Add(ref i, k + 1) = di01 - dr23;
            Unsafe.Add(ref r, k + 3) = dr01 - di23;
            Unsafe.Add(ref i, k + 3) = di01 + dr23;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Stage4(ref float r, ref float i)
    {
        ref float twr = ref _twiddleRe[0];
        ref float twi = ref _twiddleIm[0];
        var wr = Vector128.LoadUnsafe(ref twr, 4);
        var wi = Vector128.LoadUnsafe(ref twi, 4);
        for (nuint k = 0; k < (nuint)Size; k += 8)
        {
            var ar = Vector128.LoadUnsafe(ref r, k);
            var ai = Vector128.LoadUnsafe(ref i, k);
            var br = Vector128.LoadUnsafe(ref r, k + 4);
            var bi = Vector128.LoadUnsafe(ref i, k + 4);
            var tr = br * wr - bi * wi;
            var ti = br * wi + bi * wr;
            (ar + tr).StoreUnsafe(ref r, k);
            (ai + ti).StoreUnsafe(ref i, k);
            (ar - tr).StoreUnsafe(ref r, k + 4);
            (ai - ti).StoreUnsafe(ref i, k + 4);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Stage(ref float r, ref float i, int half)
    {
        ref float twr = ref _twiddleRe[0];
        ref float twi = ref _twiddleIm[0];
        nuint h = (nuint)half;
        for (nuint start = 0; start < (nuint)Size; start += 2 * h)
        {
            for (nuint j = 0; j < h; j += 8)
            {
                var wr = Vector256.LoadUnsafe(ref twr, h + j);
                var wi = Vector256.LoadUnsafe(ref twi, h + j);
                nuint a = start + j, b = a + h;
                var ar = Vector256.LoadUnsafe(ref r, a);
                var ai = Vector256.LoadUnsafe(ref i, a);
                var br = Vector256.LoadUnsafe(ref r, b);
                var bi = Vector256.LoadUnsafe(ref i, b);
                var tr = br * wr - bi * wi;
                var ti = br * wi + bi * wr;
                (ar + tr).StoreUnsafe(ref r, a);
                (ai + ti).StoreUnsafe(ref i, a);
                (ar - tr).StoreUnsafe(ref r, b);
                (ai - ti).StoreUnsafe(ref i, b);
            }
        }
    }
}
