using Microsoft.ML;
using MlNetSer.Audio;
using MlNetSer.Features;
using MlNetSer.Platform;

namespace MlNetSer.Transforms;

/// <summary>
/// The MlNetSer audio front end on <c>mlContext.Transforms</c>: decoding, resampling and the three
/// input tensors of Zhang et al. (2021). Every fitted transform saves with <c>mlContext.Model.Save</c>
/// and loads with <c>mlContext.Model.Load</c> in any process, options included.
/// </summary>
public static class SerTransformsCatalog
{
    /// <summary>
    /// Decodes the audio file named in <paramref name="inputColumnName"/> into mono samples at
    /// <paramref name="sampleRate"/> Hz (a variable-length vector of Single).
    /// </summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The samples column to produce.</param>
    /// <param name="inputColumnName">The text column of file paths.</param>
    /// <param name="sampleRate">Output sample rate in Hz (default 22 050).</param>
    public static SerLoadAudioEstimator SerLoadAudio(this TransformsCatalog catalog,
        string outputColumnName = "Samples", string inputColumnName = "Path", int sampleRate = AudioReader.DefaultSampleRate)
        => SerLoadAudio(catalog, outputColumnName, inputColumnName, new SerLoadAudioEstimator.Options { SampleRate = sampleRate });

    /// <summary>Decodes audio files into mono samples with every option of <see cref="SerLoadAudioEstimator.Options"/>.</summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The samples column to produce.</param>
    /// <param name="inputColumnName">The text column of file paths.</param>
    /// <param name="options">Sample rate and error handling.</param>
    public static SerLoadAudioEstimator SerLoadAudio(this TransformsCatalog catalog,
        string outputColumnName, string inputColumnName, SerLoadAudioEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SerLoadAudioEstimator(outputColumnName, inputColumnName, options);
    }

    /// <summary>
    /// Resamples the mono samples in <paramref name="inputColumnName"/> from the per-row rate in
    /// <paramref name="sampleRateColumnName"/> (any numeric type) to <paramref name="targetSampleRate"/> Hz.
    /// </summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The resampled samples column to produce (may equal the input).</param>
    /// <param name="inputColumnName">The samples column, a vector of Single.</param>
    /// <param name="sampleRateColumnName">The column holding each row's sample rate in Hz.</param>
    /// <param name="targetSampleRate">Output sample rate in Hz (default 22 050).</param>
    public static SerResampleAudioEstimator SerResampleAudio(this TransformsCatalog catalog,
        string outputColumnName = "Samples", string inputColumnName = "Samples", string sampleRateColumnName = "SampleRate",
        int targetSampleRate = AudioReader.DefaultSampleRate)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SerResampleAudioEstimator(outputColumnName, inputColumnName, sampleRateColumnName, targetSampleRate);
    }

    /// <summary>Cuts mono samples into [N, 1, <paramref name="segmentLength"/>] segments for the 1D CNN (flattened).</summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The segments column to produce.</param>
    /// <param name="inputColumnName">The samples column.</param>
    /// <param name="segmentLength">Samples per segment (default 625; the paper also uses 125, 3125, 15 625).</param>
    /// <param name="hop">Samples between segment starts (default 625).</param>
    /// <param name="scale">Factor applied to the samples (default 256).</param>
    public static SerWaveformSegmentsEstimator SerWaveformSegments(this TransformsCatalog catalog,
        string outputColumnName = "Waveform", string inputColumnName = "Samples", int segmentLength = 625, int hop = 625, float scale = 256f)
        => SerWaveformSegments(catalog, outputColumnName, inputColumnName,
            new WaveformSegmentOptions { SegmentLength = segmentLength, Hop = hop, Scale = scale });

    /// <summary>Cuts mono samples into segments for the 1D CNN with every option of <see cref="WaveformSegmentOptions"/>.</summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The segments column to produce.</param>
    /// <param name="inputColumnName">The samples column.</param>
    /// <param name="options">Segment length, hop and scale.</param>
    public static SerWaveformSegmentsEstimator SerWaveformSegments(this TransformsCatalog catalog,
        string outputColumnName, string inputColumnName, WaveformSegmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SerWaveformSegmentsEstimator(outputColumnName, inputColumnName, options);
    }

    /// <summary>
    /// Makes [N, 3, <paramref name="melBands"/>, <paramref name="segmentFrames"/>] log-Mel segments with Δ and ΔΔ
    /// for the 2D CNN (flattened). Window and hop follow the sample rate: round(25 ms) and floor(10 ms) in samples.
    /// </summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The segments column to produce.</param>
    /// <param name="inputColumnName">The samples column.</param>
    /// <param name="melBands">Mel filters (default 64).</param>
    /// <param name="segmentFrames">Frames per segment (default 64).</param>
    /// <param name="segmentHop">Frames between segment starts (default 30).</param>
    /// <param name="sampleRate">Rate of the samples in Hz (default 22 050).</param>
    public static SerMelSegmentsEstimator SerMelSegments(this TransformsCatalog catalog,
        string outputColumnName = "Mel", string inputColumnName = "Samples", int melBands = 64, int segmentFrames = 64,
        int segmentHop = 30, int sampleRate = AudioReader.DefaultSampleRate)
        => SerMelSegments(catalog, outputColumnName, inputColumnName, MelOptions(melBands, segmentFrames, segmentHop, sampleRate));

    /// <summary>Makes log-Mel segments for the 2D CNN with every option of <see cref="MelSegmentOptions"/>.</summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The segments column to produce.</param>
    /// <param name="inputColumnName">The samples column.</param>
    /// <param name="options">Framing, filterbank and segmenting options.</param>
    public static SerMelSegmentsEstimator SerMelSegments(this TransformsCatalog catalog,
        string outputColumnName, string inputColumnName, MelSegmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SerMelSegmentsEstimator(outputColumnName, inputColumnName, options);
    }

    /// <summary>
    /// Stacks [N, 3, <paramref name="melBands"/>, <paramref name="segmentFrames"/>] log-Mel segments into
    /// [M, 3, <paramref name="depth"/>, bands, frames] clips for the 3D CNN (flattened).
    /// </summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The clips column to produce.</param>
    /// <param name="inputColumnName">The Mel segments column (made by <see cref="SerMelSegments(TransformsCatalog, string, string, int, int, int, int)"/>).</param>
    /// <param name="depth">Segments per clip (default 4).</param>
    /// <param name="melBands">Mel bands of the input segments (default 64).</param>
    /// <param name="segmentFrames">Frames of the input segments (default 64).</param>
    public static SerMelClipsEstimator SerMelClips(this TransformsCatalog catalog,
        string outputColumnName = "Clips", string inputColumnName = "Mel", int depth = 4, int melBands = 64, int segmentFrames = 64)
        => SerMelClips(catalog, outputColumnName, inputColumnName, new MelClipOptions { Depth = depth },
            new MelSegmentOptions { MelBands = melBands, SegmentFrames = segmentFrames });

    /// <summary>Stacks log-Mel segments into clips for the 3D CNN with every option of <see cref="MelClipOptions"/>.</summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The clips column to produce.</param>
    /// <param name="inputColumnName">The Mel segments column.</param>
    /// <param name="clipOptions">Clip depth.</param>
    /// <param name="melOptions">The options that made the segments (default: the paper's 64 × 64).</param>
    public static SerMelClipsEstimator SerMelClips(this TransformsCatalog catalog,
        string outputColumnName, string inputColumnName, MelClipOptions clipOptions, MelSegmentOptions? melOptions = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SerMelClipsEstimator(outputColumnName, inputColumnName, clipOptions, melOptions ?? new MelSegmentOptions());
    }

    /// <summary>
    /// Utterance-level log-Mel statistics (per Mel band, mean and standard deviation of the static channel over every
    /// frame of the utterance's segments: 2 × bands Single), the input of the shallow baseline that reports sit beside
    /// the networks (see <see cref="SerMelStatisticsEstimator"/>).
    /// </summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The statistics column to produce (a fixed-size vector).</param>
    /// <param name="inputColumnName">The Mel segments column (made by <see cref="SerMelSegments(TransformsCatalog, string, string, MelSegmentOptions)"/>).</param>
    /// <param name="melOptions">The options that made the segments (default: the paper's 64 × 64).</param>
    /// <param name="device">Where ONNX Runtime computes them (default <see cref="SerDevice.Auto"/>; see <see cref="SerDevice"/>).</param>
    public static SerMelStatisticsEstimator SerMelStatistics(this TransformsCatalog catalog,
        string outputColumnName = "MelStatistics", string inputColumnName = "Mel", MelSegmentOptions? melOptions = null, SerDevice device = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SerMelStatisticsEstimator(outputColumnName, inputColumnName, melOptions ?? new MelSegmentOptions(), device);
    }

    /// <summary>
    /// Segment → utterance aggregation (<see cref="SerAggregateSegmentsEstimator"/>): a column of one utterance's segment
    /// probabilities (N·<paramref name="classes"/> Single, segment after segment) becomes a fixed-size score vector.
    /// </summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="outputColumnName">The utterance scores column to produce (<paramref name="classes"/> Single).</param>
    /// <param name="inputColumnName">The segment probabilities column.</param>
    /// <param name="classes">Number of classes C.</param>
    /// <param name="aggregation">How (default <see cref="SegmentAggregation.Mean"/>, the paper's).</param>
    /// <param name="device">Where ONNX Runtime computes it (default <see cref="SerDevice.Auto"/>).</param>
    public static SerAggregateSegmentsEstimator SerAggregateSegments(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        int classes, SegmentAggregation aggregation = SegmentAggregation.Mean, SerDevice device = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SerAggregateSegmentsEstimator(outputColumnName, inputColumnName, classes, aggregation, device);
    }

    /// <summary>
    /// Adds all three tensors: 1D segments, 2D log-Mel segments and 3D clips (stacked from the Mel column).
    /// </summary>
    /// <param name="catalog">The transform catalog.</param>
    /// <param name="waveformColumnName">The 1D segments column to produce.</param>
    /// <param name="melColumnName">The 2D segments column to produce.</param>
    /// <param name="clipColumnName">The 3D clips column to produce.</param>
    /// <param name="inputColumnName">The samples column.</param>
    /// <param name="options">Options of the three tensors (default: the paper's).</param>
    public static SerFeaturesEstimator SerFeatures(this TransformsCatalog catalog,
        string waveformColumnName = "Waveform", string melColumnName = "Mel", string clipColumnName = "Clips",
        string inputColumnName = "Samples", FeatureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SerFeaturesEstimator(waveformColumnName, melColumnName, clipColumnName, inputColumnName, options ?? new FeatureOptions());
    }

    // The paper's framing in time (25 ms window, 10 ms hop) is the options' own, at any sample rate.
    private static MelSegmentOptions MelOptions(int melBands, int segmentFrames, int segmentHop, int sampleRate)
        => new() { MelBands = melBands, SegmentFrames = segmentFrames, SegmentHop = segmentHop, SampleRate = sampleRate };
}
