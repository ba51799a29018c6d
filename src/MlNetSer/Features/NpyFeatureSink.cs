using MlNetSer.IO;

namespace MlNetSer.Features;

/// <summary>
/// An <see cref="IFeatureSink"/> that streams the three tensors of one utterance into
/// <c>wave1d.npy</c> [N, 1, L], <c>mel2d.npy</c> [N, 3, bands, frames] and <c>clip3d.npy</c>
/// [M, 3, depth, bands, frames] in a directory. Nothing appears under the final names until
/// <see cref="Complete"/>; disposing without it deletes the partial files.
/// </summary>
public sealed class NpyFeatureSink : IFeatureSink, IDisposable
{
    /// <summary>File name of the 1D CNN input.</summary>
    public const string WaveformFileName = "wave1d.npy";

    /// <summary>File name of the 2D CNN input.</summary>
    public const string MelFileName = "mel2d.npy";

    /// <summary>File name of the 3D CNN input.</summary>
    public const string ClipFileName = "clip3d.npy";

    private readonly NpyWriter[] _writers;

    /// <summary>Opens the three files in <paramref name="directory"/> (created if missing) for the tensors that <paramref name="options"/> describes.</summary>
    public NpyFeatureSink(string directory, FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw FileErrors.CannotWrite(System.IO.Path.GetFullPath(directory), e);
        }

        var mel = options.Mel;
        _writers = new NpyWriter[3];
        try
        {
            _writers[0] = Waveform = new NpyWriter(System.IO.Path.Combine(directory, WaveformFileName), [1, options.Waveform.SegmentLength]);
            _writers[1] = Mel = new NpyWriter(System.IO.Path.Combine(directory, MelFileName), [3, mel.MelBands, mel.SegmentFrames]);
            _writers[2] = Clips = new NpyWriter(System.IO.Path.Combine(directory, ClipFileName), [3, options.Clip.Depth, mel.MelBands, mel.SegmentFrames]);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The writer of <c>wave1d.npy</c>.</summary>
    public NpyWriter Waveform { get; }

    /// <summary>The writer of <c>mel2d.npy</c>.</summary>
    public NpyWriter Mel { get; }

    /// <summary>The writer of <c>clip3d.npy</c>.</summary>
    public NpyWriter Clips { get; }

    /// <inheritdoc />
    public void OnWaveformSegment(ReadOnlySpan<float> segment) => Waveform.WriteItem(segment);

    /// <inheritdoc />
    public void OnMelSegment(ReadOnlySpan<float> segment) => Mel.WriteItem(segment);

    /// <inheritdoc />
    public void OnClip(ReadOnlySpan<float> clip) => Clips.WriteItem(clip);

    /// <summary>Finalises all three files (call after the extractor's <c>Complete</c>).</summary>
    public void Complete()
    {
        foreach (var writer in _writers)
            writer.Complete();
    }

    /// <summary>Closes the files; those not completed are deleted.</summary>
    public void Dispose()
    {
        foreach (var writer in _writers)
            writer?.Dispose();
    }
}
