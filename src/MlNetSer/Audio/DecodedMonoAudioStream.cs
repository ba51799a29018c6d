using System.Runtime.InteropServices;

namespace MlNetSer.Audio;

/// <summary>
/// The conversion chain behind <see cref="AudioReader.Open(string, int)"/>: decoder → finite-sample check →
/// channel average → resampler, one block at a time, so memory stays bounded whatever the file's length.
/// </summary>
internal sealed class DecodedMonoAudioStream : MonoAudioStream
{
    private const int BlockFrames = 8192;

    private readonly IAudioDecoder _decoder;
    private readonly Resampler _resampler;
    private readonly float[] _interleaved;
    private readonly float[] _mono;
    private readonly List<float> _pending = new(BlockFrames * 2);
    private readonly string _path;
    private int _pendingOffset;
    private long _framesDecoded;
    private bool _ended;
    private bool _disposed;

    public DecodedMonoAudioStream(IAudioDecoder decoder, string path, int targetSampleRate)
    {
        _decoder = decoder;
        _path = path;
        SampleRate = targetSampleRate;
        _resampler = new Resampler(decoder.SampleRate, targetSampleRate);
        _interleaved = new float[BlockFrames * decoder.Channels];
        _mono = new float[BlockFrames];
        var duration = decoder.FrameCount is { } frames ? frames / (double)decoder.SampleRate : double.NaN;
        Source = new AudioInfo(path, decoder.Format, decoder.SampleRate, decoder.Channels, duration);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The duration is what the container announces (NaN when it does not say); <see cref="AudioReader.Load(string, int)"/>
    /// reports the decoded length instead.
    /// </remarks>
    public override AudioInfo Source { get; }

    /// <inheritdoc />
    public override int SampleRate { get; }

    /// <summary>Source frames decoded so far.</summary>
    public long FramesDecoded => _framesDecoded;

    /// <inheritdoc />
    public override int Read(Span<float> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (_pendingOffset == _pending.Count && !_ended)
        {
            _pending.Clear();
            _pendingOffset = 0;
            DecodeBlock();
        }

        var count = Math.Min(buffer.Length, _pending.Count - _pendingOffset);
        CollectionsMarshal.AsSpan(_pending).Slice(_pendingOffset, count).CopyTo(buffer);
        _pendingOffset += count;
        return count;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _decoder.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// The problem of a stream that ended well before the length its header declares (a cut MP3 or FLAC decodes
    /// its first frames and then just stops), or null. A shortfall of up to 1 % or 50 ms is encoder padding and
    /// header rounding, not truncation.
    /// </summary>
    internal static string? TruncationProblem(long? declaredFrames, long decodedFrames, int sampleRate)
    {
        if (declaredFrames is not { } declared || decodedFrames >= declared)
        {
            return null;
        }

        var tolerance = Math.Max(declared / 100, sampleRate / 20);
        if (declared - decodedFrames <= tolerance)
        {
            return null;
        }

        var decodedSeconds = decodedFrames / (double)sampleRate;
        var declaredSeconds = declared / (double)sampleRate;
        return FormattableString.Invariant(
            $"the file is truncated: its audio ends after {decodedSeconds:0.###} s, but its header declares {declaredSeconds:0.###} s");
    }

    private void DecodeBlock()
    {
        var samples = _decoder.Read(_interleaved);
        if (samples == 0)
        {
            _ended = true;
            if (_framesDecoded == 0)
            {
                throw new AudioDecodingException(_path, "the file contains no audio samples");
            }

            if (TruncationProblem(_decoder.FrameCount, _framesDecoded, _decoder.SampleRate) is { } truncated)
            {
                throw new AudioDecodingException(_path, truncated);
            }

            _resampler.Flush(_pending);
            return;
        }

        var block = _interleaved.AsSpan(0, samples);
        SampleValidator.EnsureFinite(block, _decoder.Channels, _decoder.SampleRate, _framesDecoded, _path);
        var frames = ChannelMixer.Mix(block, _decoder.Channels, _mono);
        _framesDecoded += frames;
        _resampler.Process(_mono.AsSpan(0, frames), _pending);
    }
}
