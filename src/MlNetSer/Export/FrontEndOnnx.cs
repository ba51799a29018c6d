using MlNetSer.Features;
using MlNetSer.Onnx;
using static MlNetSer.Onnx.OnnxGraphBuilder;

namespace MlNetSer.Export;

/// <summary>
/// MlNetSer's front end (onnx/README.md, "Preprocessing") as ONNX nodes, from the mono samples <c>[T]</c> at the model's
/// sample rate to the three networks' inputs, for any T ≥ 0: the ×scale waveform segments <c>[N₁, 1, L]</c>; the log-Mel
/// segments with Δ and ΔΔ <c>[N₂, 3, bands, frames]</c> (Hamming window, power spectrum by a DFT matrix product over
/// the bins the Mel filters read, the filterbank as a constant, ln(max(x, floor)), band-minimum padding of a clip shorter
/// than one segment, HTK Δ with edge replication); and the clips of successive segments <c>[N₃, 3, D, bands, frames]</c>
/// (the last segment repeated when there are fewer than D). The operations follow <see cref="StreamingFeatureExtractor"/>
/// step for step, so the tensors agree with the library's to float rounding.
/// </summary>
internal sealed class FrontEndOnnx
{
    private readonly OnnxGraphBuilder _graph;
    private readonly FeatureOptions _options;
    private readonly string _samples;
    private string? _mel;
    private string? _paddedLogMel;

    /// <param name="graph">The graph under construction.</param>
    /// <param name="options">The model's feature options.</param>
    /// <param name="samples">The 1D float tensor of samples.</param>
    public FrontEndOnnx(OnnxGraphBuilder graph, FeatureOptions options, string samples)
    {
        _graph = graph;
        _options = options;
        _samples = samples;
    }

    /// <summary>The 1D network's input <c>[N₁, 1, L]</c>.</summary>
    public string WaveformSegments()
    {
        var waveform = _options.Waveform;
        var frames = Frames(_samples, waveform.SegmentLength, waveform.Hop, "wave");
        var scaled = _graph.AddNode("Mul", "wave/scaled", [frames, _graph.AddFloatScalar("wave/scale", waveform.Scale)]);
        return _graph.AddNode("Unsqueeze", "wave/segments", [scaled, Int64s("wave/channel_axis", 1)]);
    }

    /// <summary>The 2D network's input <c>[N₂, 3, bands, frames]</c>.</summary>
    public string MelSegments() => _mel ??= CutSegments(_options.Mel.SegmentHop, "mel");

    /// <summary>The 3D network's input <c>[N₃, 3, D, bands, frames]</c>.</summary>
    public string Clips()
    {
        var depth = _options.Clip.Depth;
        var segments = _options.Clip.HasOwnSegments(_options.Mel) ? CutSegments(_options.Clip.SegmentOptions(_options.Mel).SegmentHop, "clipmel") : MelSegments();
        // Fewer segments than D: the last one repeats up to D.
        var count = Dimension(segments, 0, "clip/segments");
        var missing = _graph.AddNode("Max", "clip/missing", [_graph.AddNode("Sub", "clip/short", [Int64s("clip/depth", depth), count]), Int64s("clip/zero", 0)]);
        var last = _graph.AddNode("Slice", "clip/last", [segments, Int64s("clip/last_start", -1), Int64s("clip/last_end", long.MaxValue), Int64s("clip/last_axis", 0)]);
        var tail = _graph.AddNode("Shape", "clip/segment_shape", [segments], Int("start", 1));
        var repeated = _graph.AddNode("Expand", "clip/repeated", [last, _graph.AddNode("Concat", "clip/repeat_shape", [missing, tail], Int("axis", 0))]);
        var padded = _graph.AddNode("Concat", "clip/padded", [segments, repeated], Int("axis", 0));
        var stacked = Windows(padded, Dimension(padded, 0, "clip/padded_count"), depth, hop: 1, "clip");
        // [N₃, D, 3, bands, frames] → channel-major [N₃, 3, D, bands, frames]
        return _graph.AddNode("Transpose", "clip/clips", [stacked], Ints("perm", [0, 2, 1, 3, 4]));
    }

    // The padded log-Mel frames [frames, bands] that every segmentation cuts.
    private string PaddedLogMel() => _paddedLogMel ??= BuildPaddedLogMel();

    private string BuildPaddedLogMel()
    {
        var mel = _options.Mel;
        var bank = new MelFilterBank(mel.SampleRate, mel.FftSize, mel.MelBands, mel.MinFrequency, mel.MaxFrequency);
        var bins = Math.Max(bank.MaxBin + 1, 1);

        var frames = Frames(_samples, mel.WindowLength, mel.HopLength, "mel");
        var window = _graph.AddInitializer("mel/hamming", [mel.WindowLength], HammingWindow.Symmetric(mel.WindowLength));
        var windowed = _graph.AddNode("Mul", "mel/windowed", [frames, window]);
        var power = PowerSpectrum(windowed, mel.WindowLength, mel.FftSize, bins);
        var energies = _graph.AddNode("MatMul", "mel/energies", [power, _graph.AddInitializer("mel/filterbank", [bins, mel.MelBands], Transposed(bank, bins))]);
        var logMel = _graph.AddNode("Log", "mel/log", [_graph.AddNode("Max", "mel/floored", [energies, _graph.AddFloatScalar("mel/floor", (float)mel.LogFloor)])]);

        // Fewer frames than a segment: each band is filled up with its own minimum (one segment).
        var minimum = _graph.AddNode("ReduceMin", "mel/band_min", [logMel], Ints("axes", [0]), Int("keepdims", 1));
        var count = Dimension(logMel, 0, "mel/frames");
        var missing = _graph.AddNode("Max", "mel/missing", [_graph.AddNode("Sub", "mel/short", [Int64s("mel/segment_frames", mel.SegmentFrames), count]), Int64s("mel/zero", 0)]);
        var fill = _graph.AddNode("Expand", "mel/fill", [minimum, _graph.AddNode("Concat", "mel/fill_shape", [missing, Int64s("mel/bands", mel.MelBands)], Int("axis", 0))]);
        return _graph.AddNode("Concat", "mel/padded", [logMel, fill], Int("axis", 0));
    }

    // Segments [N, 3, bands, frames] every `hop` frames of the padded log-Mel, with Δ and ΔΔ; node names start with `name`.
    private string CutSegments(int hop, string name)
    {
        var mel = _options.Mel;
        var padded = PaddedLogMel();
        // [N, frames, bands] → band-major [N, bands, frames]
        var windows = Windows(padded, Dimension(padded, 0, $"{name}/padded_count"), mel.SegmentFrames, hop, name);
        var statics = _graph.AddNode("Transpose", $"{name}/static", [windows], Ints("perm", [0, 2, 1]));
        var delta = Delta(statics, mel.DeltaWidth, mel.SegmentFrames, $"{name}/delta");
        var deltaDelta = Delta(delta, mel.DeltaWidth, mel.SegmentFrames, $"{name}/delta2");
        var axis = Int64s($"{name}/channel_axis", 1);
        return _graph.AddNode("Concat", $"{name}/segments",
            [_graph.AddNode("Unsqueeze", $"{name}/c0", [statics, axis]), _graph.AddNode("Unsqueeze", $"{name}/c1", [delta, axis]), _graph.AddNode("Unsqueeze", $"{name}/c2", [deltaDelta, axis])],
            Int("axis", 1));
    }

    // The frames of a 1D signal [T] as [count, window]: zero-padded to one window when shorter (one frame), then every
    // hop samples while a whole window fits; trailing samples are dropped.
    private string Frames(string signal, int window, int hop, string name)
    {
        var length = _graph.AddNode("Shape", $"{name}/length", [signal]);
        var missing = _graph.AddNode("Max", $"{name}/missing", [_graph.AddNode("Sub", $"{name}/short", [Int64s($"{name}/window", window), length]), Int64s($"{name}/zero", 0)]);
        var pads = _graph.AddNode("Concat", $"{name}/pads", [Int64s($"{name}/pad_begin", 0), missing], Int("axis", 0));
        var padded = _graph.AddNode("Pad", $"{name}/padded", [signal, pads], String("mode", "constant"));
        return Windows(padded, _graph.AddNode("Shape", $"{name}/padded_length", [padded]), window, hop, name);
    }

    // Rows start, start + hop, … of x along axis 0, each `size` long, while they fit: Gather(x, starts[:, None] + offsets[None, :]).
    private string Windows(string x, string length, int size, int hop, string name)
    {
        var count = _graph.AddNode("Add", $"{name}/count",
            [_graph.AddNode("Div", $"{name}/steps", [_graph.AddNode("Sub", $"{name}/room", [length, Int64s($"{name}/size", size)]), Int64s($"{name}/hop", hop)]), Int64s($"{name}/one", 1)]);
        var scalarShape = _graph.AddInt64Initializer($"{name}/scalar", []);
        var starts = _graph.AddNode("Mul", $"{name}/starts",
            [_graph.AddNode("Range", $"{name}/indices", [_graph.AddInt64Scalar($"{name}/from", 0), _graph.AddNode("Reshape", $"{name}/count_scalar", [count, scalarShape]), _graph.AddInt64Scalar($"{name}/step", 1)]),
             _graph.AddInt64Scalar($"{name}/hop_scalar", hop)]);
        var offsets = _graph.AddInt64Initializer($"{name}/offsets", Enumerable.Range(0, size).Select(i => (long)i).ToArray());
        var index = _graph.AddNode("Add", $"{name}/index", [_graph.AddNode("Unsqueeze", $"{name}/starts_column", [starts, Int64s($"{name}/column_axis", 1)]), offsets]);
        return _graph.AddNode("Gather", $"{name}/windows", [x, index], Int("axis", 0));
    }

    // HTK regression deltas along the last axis with the edges replicated: Σₙ n·(c[t+n] − c[t−n]) / (2 Σₙ n²), summed
    // from n = 1 up as HtkDelta does.
    private string Delta(string x, int width, int frames, string name)
    {
        var edges = _graph.AddInt64Initializer($"{name}/pads", [0, 0, width, 0, 0, width]);
        var padded = _graph.AddNode("Pad", $"{name}/padded", [x, edges], String("mode", "edge"));
        var axis = Int64s($"{name}/axis", 2);
        string? sum = null;
        for (var n = 1; n <= width; n++)
        {
            var ahead = _graph.AddNode("Slice", $"{name}/ahead{n}", [padded, Int64s($"{name}/ahead{n}_start", width + n), Int64s($"{name}/ahead{n}_end", width + n + frames), axis]);
            var behind = _graph.AddNode("Slice", $"{name}/behind{n}", [padded, Int64s($"{name}/behind{n}_start", width - n), Int64s($"{name}/behind{n}_end", width - n + frames), axis]);
            var term = _graph.AddNode("Mul", $"{name}/term{n}", [_graph.AddNode("Sub", $"{name}/diff{n}", [ahead, behind]), _graph.AddFloatScalar($"{name}/n{n}", n)]);
            sum = sum is null ? term : _graph.AddNode("Add", $"{name}/sum{n}", [sum, term]);
        }

        var denominator = width * (width + 1) * (2 * width + 1) / 3f;
        return _graph.AddNode("Div", name, [sum!, _graph.AddFloatScalar($"{name}/denominator", denominator)]);
    }

    // |X[k]|² for k < bins of the frames [F, window] zero-padded to the FFT size, re² + im² as RealFft does. One matrix
    // product [window, 2·bins] (cos | −sin) over the window's samples only, the padding being zero: on one core it measured
    // about 7 % faster for the whole batched graph than ONNX's DFT operator, which transforms all fftSize points per frame.
    private string PowerSpectrum(string frames, int window, int fftSize, int bins)
    {
        var parts = _graph.AddNode("MatMul", "mel/re_im", [frames, _graph.AddInitializer("mel/dft", [window, 2 * bins], Dft(window, fftSize, bins))]);
        var squares = _graph.AddNode("Mul", "mel/re_im_squared", [parts, parts]);
        var axis = Int64s("mel/bin_axis", 1);
        var re = _graph.AddNode("Slice", "mel/re_squared", [squares, Int64s("mel/re_start", 0), Int64s("mel/re_end", bins), axis]);
        var im = _graph.AddNode("Slice", "mel/im_squared", [squares, Int64s("mel/im_start", bins), Int64s("mel/im_end", 2 * bins), axis]);
        return _graph.AddNode("Add", "mel/power", [re, im]);
    }

    // Row n: cos(2πkn/N) for k < bins, then −sin(2πkn/N) for k < bins (X[k] = Σₙ x[n]·e^{−2πikn/N}; the rest of the
    // N-point frame is zero).
    private static float[] Dft(int window, int fftSize, int bins)
    {
        var matrix = new float[window * 2 * bins];
        for (var n = 0; n < window; n++)
        {
            for (var k = 0; k < bins; k++)
            {
                // n·k mod N keeps the angle small, so the double-precision cos/sin are exact to float.
                var angle = 2 * Math.PI * ((long)n * k % fftSize) / fftSize;
                matrix[n * 2 * bins + k] = (float)Math.Cos(angle);
                matrix[n * 2 * bins + bins + k] = (float)-Math.Sin(angle);
            }
        }

        return matrix;
    }

    // Size of dimension `axis` of x as a 1-element int64 tensor.
    private string Dimension(string x, int axis, string name) =>
        _graph.AddNode("Shape", name, [x], Int("start", axis), Int("end", axis + 1));

    private string Int64s(string name, params long[] values) => _graph.AddInt64Initializer(name, values);

    private static float[] Transposed(MelFilterBank bank, int bins)
    {
        var matrix = bank.ToMatrix();
        var result = new float[bins * bank.Bands];
        for (var b = 0; b < bank.Bands; b++)
        {
            for (var k = 0; k < bins && k < bank.BinCount; k++)
                result[k * bank.Bands + b] = matrix[b * bank.BinCount + k];
        }

        return result;
    }
}
