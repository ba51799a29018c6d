using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetSer.Features;

/// <summary>
/// In-place forward complex FFT (e^{−2πi nk/M}) of a power-of-two size M on split real/imaginary arrays,
/// iterative radix-2 decimation in time. The input is read interleaved (re, im, re, im, …: a real frame
/// reinterpreted as M complex values needs no copy) and the bit-reversal permutation is folded into the
/// first, twiddle-free radix-4 pass, which reads its four inputs straight from there; stage 3 runs with
/// 128-bit vectors and the rest with 256-bit vectors over contiguous per-stage twiddle tables.
/// </summary>
internal sealed class ComplexFft
{
    private readonly int[] _radix4Source;   // block q of the first pass reads z[a], z[a + M/2], z[a + M/4], z[a + 3M/4], a = _radix4Source[q]
    private readonly float[] _twiddleRe;   // stage with half-span h keeps its h twiddles at [h, 2h)
    private readonly float[] _twiddleIm;

    public ComplexFft(int size)
    {
        if (size < 8 || !BitOperations.IsPow2(size))
            throw new ArgumentOutOfRangeException(nameof(size), size, "The complex FFT size must be a power of two of at least 8.");
        Size = size;
        int bits = BitOperations.Log2((uint)size);
        // Output position 4q + r of the first pass holds input bit-reverse(4q + r) = bit-reverse(4q) + bit-reverse(r).
        _radix4Source = new int[size / 4];
        for (int q = 0; q < size / 4; q++)
            _radix4Source[q] = (int)(ReverseBits((uint)(4 * q)) >> (32 - bits));

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

    /// <summary>
    /// Transforms the <see cref="Size"/> complex values interleaved in <paramref name="input"/> into
    /// natural-order <paramref name="re"/>/<paramref name="im"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Transform(ReadOnlySpan<float> input, Span<float> re, Span<float> im)
    {
        if (input.Length < 2 * Size) throw new ArgumentException($"Need {2 * Size} interleaved values, got {input.Length}.", nameof(input));
        if (re.Length < Size || im.Length < Size) throw new ArgumentException($"Need {Size} outputs.");
        ref float r = ref MemoryMarshal.GetReference(re);
        ref float i = ref MemoryMarshal.GetReference(im);
        Radix4FirstStages(ref MemoryMarshal.GetReference(input), ref r, ref i);
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

    // Stages with half-span 1 and 2 (twiddles 1 and −i only), reading bit-reversed inputs in place.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Radix4FirstStages(ref float z, ref float r, ref float i)
    {
        int quarter = Size / 4, half = Size / 2;
        ref int source = ref _radix4Source[0];
        for (int q = 0; q < quarter; q++)
        {
            int a = Unsafe.Add(ref source, q);
            ref float z0 = ref Unsafe.Add(ref z, 2 * a);
            ref float z1 = ref Unsafe.Add(ref z, 2 * (a + half));
            ref float z2 = ref Unsafe.Add(ref z, 2 * (a + quarter));
            ref float z3 = ref Unsafe.Add(ref z, 2 * (a + half + quarter));
            float r0 = z0, i0 = Unsafe.Add(ref z0, 1), r1 = z1, i1 = Unsafe.Add(ref z1, 1);
            float r2 = z2, i2 = Unsafe.Add(ref z2, 1), r3 = z3, i3 = Unsafe.Add(ref z3, 1);
            float sr01 = r0 + r1, si01 = i0 + i1, dr01 = r0 - r1, di01 = i0 - i1;
            float sr23 = r2 + r3, si23 = i2 + i3, dr23 = r2 - r3, di23 = i2 - i3;
            int k = 4 * q;
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
