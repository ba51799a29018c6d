using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetSer.Features;

/// <summary>
/// Power spectrum |X[k]|² of one windowed, zero-padded real frame of FFT size N, via an N/2-point complex
/// FFT of z[m] = x[2m] + i·x[2m+1] and the usual split
/// X[k] = ½(Z[k] + Z*[N/2−k]) − ½ i·e^{−2πik/N}(Z[k] − Z*[N/2−k]).
/// Windowing, zero-padding and the bit-reversal scatter happen in one pass that touches only the
/// window's samples; the window is stored halved (exact in binary) so the split needs no ½ factors;
/// only the bins the caller asks for are produced.
/// </summary>
internal sealed class RealFft
{
    private readonly ComplexFft _fft;
    private readonly float[] _halfWindow;
    private readonly int[] _scatter;          // z[m] goes to bit-reversed position _scatter[m]
    private readonly float[] _splitRe;        // cos(2πk/N), k < bins
    private readonly float[] _splitIm;        // −sin(2πk/N)
    private readonly float[] _windowed;       // frame · window / 2, plus one zero for an odd length
    private readonly float[] _re;
    private readonly float[] _im;
    private readonly float[] _reversedRe;     // Z[(M − k) mod M], laid out forwards so the split vectorises
    private readonly float[] _reversedIm;

    /// <param name="fftSize">N, a power of two of at least 16.</param>
    /// <param name="window">Window of length ≤ N; frames passed to <see cref="PowerSpectrum"/> have this length.</param>
    /// <param name="bins">Bins wanted, 1 … N/2 + 1.</param>
    public RealFft(int fftSize, ReadOnlySpan<float> window, int bins)
    {
        if (fftSize < 16 || !BitOperations.IsPow2(fftSize))
            throw new ArgumentOutOfRangeException(nameof(fftSize), fftSize, "The FFT size must be a power of two of at least 16.");
        if (window.Length < 1 || window.Length > fftSize)
            throw new ArgumentOutOfRangeException(nameof(window), window.Length, "The window must hold 1 … FFT-size samples.");
        if (bins < 1 || bins > fftSize / 2 + 1)
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "Bins must be 1 … FFT-size / 2 + 1.");

        FftSize = fftSize;
        Bins = bins;
        int m = fftSize / 2;
        _fft = new ComplexFft(m);
        _halfWindow = new float[window.Length];
        for (int n = 0; n < window.Length; n++)
            _halfWindow[n] = 0.5f * window[n];
        _scatter = _fft.BitReversed[..((window.Length + 1) / 2)].ToArray();
        _splitRe = new float[bins];
        _splitIm = new float[bins];
        for (int k = 0; k < bins; k++)
        {
            double angle = -2 * Math.PI * k / fftSize;
            _splitRe[k] = (float)Math.Cos(angle);
            _splitIm[k] = (float)Math.Sin(angle);
        }

        _windowed = new float[window.Length + 1];
        _re = new float[m];
        _im = new float[m];
        _reversedRe = new float[bins + Vector256<float>.Count];
        _reversedIm = new float[bins + Vector256<float>.Count];
    }

    public int FftSize { get; }

    public int Bins { get; }

    public int WindowLength => _halfWindow.Length;

    /// <summary>Writes |X[k]|² for k &lt; <see cref="Bins"/> of frame · window (frame: window-length samples).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PowerSpectrum(ReadOnlySpan<float> frame, Span<float> power)
    {
        if (frame.Length < _halfWindow.Length) throw new ArgumentException($"Need {_halfWindow.Length} samples, got {frame.Length}.", nameof(frame));
        if (power.Length < Bins) throw new ArgumentException($"Need {Bins} outputs, got {power.Length}.", nameof(power));

        Load(frame);
        _fft.Transform(_re, _im);
        Split(power);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Load(ReadOnlySpan<float> frame)
    {
        // Window with vector multiplies first; the scatter below then only moves values.
        var windowed = _windowed.AsSpan();
        int length = _halfWindow.Length;
        Multiply(frame[..length], _halfWindow, windowed);
        windowed[length] = 0f;   // the odd partner of an odd-length window's last sample

        _re.AsSpan().Clear();
        _im.AsSpan().Clear();
        ref float re = ref _re[0];
        ref float im = ref _im[0];
        ref float w = ref _windowed[0];
        ref int scatter = ref _scatter[0];
        for (int p = 0; p < _scatter.Length; p++)
        {
            int target = Unsafe.Add(ref scatter, p);
            Unsafe.Add(ref re, target) = Unsafe.Add(ref w, 2 * p);
            Unsafe.Add(ref im, target) = Unsafe.Add(ref w, 2 * p + 1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> product)
    {
        ref float x = ref MemoryMarshal.GetReference(a);
        ref float y = ref MemoryMarshal.GetReference(b);
        ref float z = ref MemoryMarshal.GetReference(product);
        int i = 0;
        for (; i + Vector256<float>.Count <= a.Length; i += Vector256<float>.Count)
            (Vector256.LoadUnsafe(ref x, (nuint)i) * Vector256.LoadUnsafe(ref y, (nuint)i)).StoreUnsafe(ref z, (nuint)i);
        for (; i < a.Length; i++)
            Unsafe.Add(ref z, i) = Unsafe.Add(ref x, i) * Unsafe.Add(ref y, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Split(Span<float> power)
    {
        int m = _re.Length;
        int bins = Bins;
        // Mirror Z[(M − k) mod M] into forward order once, so the split below is plain vector code.
        _reversedRe[0] = _re[0];
        _reversedIm[0] = _im[0];
        int mirrored = 1;
        {
            ref float sr = ref _re[0];
            ref float si = ref _im[0];
            ref float dr = ref _reversedRe[0];
            ref float di = ref _reversedIm[0];
            var reverse = Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0);
            // Entries k … k+7 are Z[M−k−7 … M−k] read backwards.
            for (; mirrored + Vector256<float>.Count <= Math.Min(bins, m); mirrored += Vector256<float>.Count)
            {
                nuint from = (nuint)(m - mirrored - (Vector256<float>.Count - 1));
                Vector256.Shuffle(Vector256.LoadUnsafe(ref sr, from), reverse).StoreUnsafe(ref dr, (nuint)mirrored);
                Vector256.Shuffle(Vector256.LoadUnsafe(ref si, from), reverse).StoreUnsafe(ref di, (nuint)mirrored);
            }
        }

        for (int k = mirrored; k < bins; k++)
        {
            int mirror = (m - k) & (m - 1);
            _reversedRe[k] = _re[mirror];
            _reversedIm[k] = _im[mirror];
        }

        ref float zr = ref _re[0];
        ref float zi = ref _im[0];
        ref float yr = ref _reversedRe[0];
        ref float yi = ref _reversedIm[0];
        ref float wr = ref _splitRe[0];
        ref float wi = ref _splitIm[0];
        ref float p = ref MemoryMarshal.GetReference(power);

        // Bin M (Nyquist) reads Z[0]; keep the vector loop below it so it never indexes Z[M].
        int vectorEnd = Math.Min(bins, m) / Vector256<float>.Count * Vector256<float>.Count;
        nuint k8 = 0;
        for (; k8 < (nuint)vectorEnd; k8 += (nuint)Vector256<float>.Count)
        {
            var ar = Vector256.LoadUnsafe(ref zr, k8);
            var ai = Vector256.LoadUnsafe(ref zi, k8);
            var br = Vector256.LoadUnsafe(ref yr, k8);
            var bi = Vector256.LoadUnsafe(ref yi, k8);
            var cr = Vector256.LoadUnsafe(ref wr, k8);
            var ci = Vector256.LoadUnsafe(ref wi, k8);
            var sr = ar + br;
            var si = ai - bi;
            var dr = ar - br;
            var di = ai + bi;
            // X = S − i·(W·D)
            var xr = sr + (cr * di + ci * dr);
            var xi = si - (cr * dr - ci * di);
            (xr * xr + xi * xi).StoreUnsafe(ref p, k8);
        }

        for (int k = vectorEnd; k < bins; k++)
        {
            int kk = k & (m - 1);
            float ar = Unsafe.Add(ref zr, kk), ai = Unsafe.Add(ref zi, kk);
            float br = Unsafe.Add(ref yr, k), bi = Unsafe.Add(ref yi, k);
            float cr = Unsafe.Add(ref wr, k), ci = Unsafe.Add(ref wi, k);
            float sr = ar + br, si = ai - bi, dr = ar - br, di = ai + bi;
            float xr = sr + (cr * di + ci * dr);
            float xi = si - (cr * dr - ci * di);
            Unsafe.Add(ref p, k) = xr * xr + xi * xi;
        }
    }
}
