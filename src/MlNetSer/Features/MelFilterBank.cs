using System.Runtime.CompilerServices;

namespace MlNetSer.Features;

/// <summary>
/// Triangular filters equally spaced on the HTK Mel scale, laid on the linear-Hz FFT bin axis, peak 1
/// and no area normalisation (librosa <c>mel(htk=True, norm=None)</c>, torchaudio
/// <c>melscale_fbanks(mel_scale="htk", norm=None)</c>). Stored sparsely: each band keeps only the run
/// of bins where its weight is non-zero, so applying it costs about two multiply-adds per bin.
/// </summary>
public sealed class MelFilterBank
{
    private readonly double[] _edges;
    private readonly int[] _firstBin;
    private readonly int[] _offset;   // band b's weights are _weights[_offset[b] .. _offset[b + 1])
    private readonly float[] _weights;

    /// <summary>Builds the filterbank.</summary>
    /// <param name="sampleRate">Sample rate in Hz.</param>
    /// <param name="fftSize">FFT size; bin k lies at k · sampleRate / fftSize Hz.</param>
    /// <param name="bands">Number of triangles.</param>
    /// <param name="minFrequency">Lower edge of the first triangle in Hz.</param>
    /// <param name="maxFrequency">Upper edge of the last triangle in Hz.</param>
    public MelFilterBank(int sampleRate, int fftSize, int bands, double minFrequency, double maxFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fftSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
        if (!(minFrequency >= 0 && minFrequency < maxFrequency))
            throw new ArgumentException($"Need 0 <= minFrequency < maxFrequency (were {minFrequency} and {maxFrequency}).", nameof(minFrequency));

        SampleRate = sampleRate;
        FftSize = fftSize;
        Bands = bands;
        BinCount = fftSize / 2 + 1;

        double minMel = MelScale.HzToMel(minFrequency), maxMel = MelScale.HzToMel(maxFrequency);
        _edges = new double[bands + 2];
        for (int i = 0; i < _edges.Length; i++)
            _edges[i] = MelScale.MelToHz(minMel + (maxMel - minMel) * i / (bands + 1));
        // Pin the outer edges to the requested values rather than their Mel round trip.
        _edges[0] = minFrequency;
        _edges[^1] = maxFrequency;

        _firstBin = new int[bands];
        _offset = new int[bands + 1];
        var weights = new List<float>();
        for (int b = 0; b < bands; b++)
        {
            int first = -1, last = -2;
            for (int k = 0; k < BinCount; k++)
            {
                if (Weight(b, BinFrequency(k)) > 0)
                {
                    if (first < 0) first = k;
                    last = k;
                }
            }

            _firstBin[b] = Math.Max(first, 0);
            _offset[b] = weights.Count;
            for (int k = first; k >= 0 && k <= last; k++)
                weights.Add((float)Weight(b, BinFrequency(k)));
            MaxBin = Math.Max(MaxBin, last);
        }

        _offset[bands] = weights.Count;
        _weights = [.. weights];
    }

    /// <summary>Sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>FFT size.</summary>
    public int FftSize { get; }

    /// <summary>Number of bands.</summary>
    public int Bands { get; }

    /// <summary>Bins of the one-sided spectrum: FftSize / 2 + 1.</summary>
    public int BinCount { get; }

    /// <summary>Highest bin with a non-zero weight in any band (−1 if none): the spectrum above it is never read.</summary>
    public int MaxBin { get; } = -1;

    /// <summary>
    /// The Bands + 2 triangle corners in Hz, equally spaced in Mel: band b rises from edge b to 1 at edge
    /// b + 1 and falls to 0 at edge b + 2.
    /// </summary>
    public ReadOnlySpan<double> EdgeFrequencies => _edges;

    /// <summary>Frequency of FFT bin <paramref name="bin"/> in Hz.</summary>
    public double BinFrequency(int bin) => (double)bin * SampleRate / FftSize;

    /// <summary>The triangle of <paramref name="band"/> at <paramref name="frequency"/> Hz: max(0, min(rising, falling)).</summary>
    public double Weight(int band, double frequency)
    {
        double lower = (frequency - _edges[band]) / (_edges[band + 1] - _edges[band]);
        double upper = (_edges[band + 2] - frequency) / (_edges[band + 2] - _edges[band + 1]);
        return Math.Max(0.0, Math.Min(lower, upper));
    }

    /// <summary>First bin of <paramref name="band"/>'s non-zero run.</summary>
    public int FirstBin(int band) => _firstBin[band];

    /// <summary>The non-zero weights of <paramref name="band"/>, starting at <see cref="FirstBin"/> (empty for a band narrower than a bin).</summary>
    public ReadOnlySpan<float> BandWeights(int band) => _weights.AsSpan(_offset[band], _offset[band + 1] - _offset[band]);

    /// <summary>The dense [Bands × BinCount] weight matrix, row-major.</summary>
    public float[] ToMatrix()
    {
        var matrix = new float[Bands * BinCount];
        for (int b = 0; b < Bands; b++)
            BandWeights(b).CopyTo(matrix.AsSpan(b * BinCount + _firstBin[b]));
        return matrix;
    }

    /// <summary>
    /// Band energies of a power spectrum: mel[b] = Σ_k w[b, k] · power[k]. <paramref name="power"/> needs
    /// only bins 0 … <see cref="MaxBin"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(ReadOnlySpan<float> power, Span<float> mel)
    {
        if (mel.Length < Bands) throw new ArgumentException($"Need {Bands} outputs, got {mel.Length}.", nameof(mel));
        if (power.Length <= MaxBin) throw new ArgumentException($"Need {MaxBin + 1} power bins, got {power.Length}.", nameof(power));
        for (int b = 0; b < Bands; b++)
            mel[b] = Dot(BandWeights(b), power.Slice(_firstBin[b]));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot(ReadOnlySpan<float> weights, ReadOnlySpan<float> values)
    {
        float sum = 0f;
        for (int i = 0; i < weights.Length; i++)
            sum += weights[i] * values[i];
        return sum;
    }
}
