using NLayer;

namespace MlNetSer.Audio;

/// <summary>MPEG audio (MP3, and layers I/II) decoded in managed code by NLayer's <see cref="MpegFile"/>.</summary>
/// <remarks>
/// NLayer decodes on every platform. NAudio's <c>Mp3FileReaderBase</c> needs an <c>IMp3FrameDecompressor</c>: NAudio's
/// own are Windows codecs (ACM, DMO), NAudio.Core 3.3.0 and NLayer 3.0.1 ship no managed one, and NLayer.NAudioSupport
/// is not on this project's feed. Tried with a hand-written adapter to NLayer's <c>MpegFrameDecoder</c> (the same
/// decoding core), a 10-minute 128 kb/s stereo MP3 decoded in a median of 2683–2734 ms against 2499–2595 ms through
/// <see cref="MpegFile"/> here (5 runs each, twice, shared 2-core AMD EPYC): slower, and more code of our own.
/// </remarks>
internal sealed class Mp3Decoder : IAudioDecoder
{
    private readonly MpegFile _file;
    private readonly Stream _stream;
    private readonly string _path;
    private float[] _block = [];

    private Mp3Decoder(MpegFile file, Stream stream, string path)
    {
        _file = file;
        _stream = stream;
        _path = path;
        SampleRate = file.SampleRate;
        Channels = file.Channels;
        FrameCount = file.Length > 0 ? file.Length / sizeof(float) / Channels : null;
    }

    /// <inheritdoc />
    public string Format => "mp3";

    /// <inheritdoc />
    public int SampleRate { get; }

    /// <inheritdoc />
    public int Channels { get; }

    /// <inheritdoc />
    public long? FrameCount { get; }

    /// <summary>Opens the MPEG audio stream in <paramref name="stream"/>; the decoder disposes the stream.</summary>
    /// <exception cref="AudioDecodingException">No MPEG audio frame was found.</exception>
    public static Mp3Decoder Open(Stream stream, string path)
    {
        MpegFile? file = null;
        try
        {
            file = new MpegFile(stream);

            // NLayer finds the first frame lazily; without one its rate and channel count are meaningless.
            if (file.SampleRate <= 0 || file.Channels <= 0)
            {
                throw new AudioDecodingException(path, "not an MP3 file: no MPEG audio frame was found");
            }

            return new Mp3Decoder(file, stream, path);
        }
        catch (Exception e) when (e is not AudioDecodingException)
        {
            file?.Dispose();
            stream.Dispose();
            throw new AudioDecodingException(path, $"not an MP3 file: no MPEG audio frame was found ({e.Message})", e);
        }
        catch
        {
            file?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public int Read(Span<float> interleaved)
    {
        var wanted = interleaved.Length - (interleaved.Length % Channels);
        if (_block.Length < wanted)
        {
            _block = new float[wanted];
        }

        int got;
        try
        {
            got = _file.ReadSamples(_block, 0, wanted);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or IndexOutOfRangeException or NullReferenceException)
        {
            throw new AudioDecodingException(_path, $"corrupt MPEG audio data: {e.Message}", e);
        }

        got -= got % Channels;
        _block.AsSpan(0, got).CopyTo(interleaved);
        return got;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _file.Dispose();
        _stream.Dispose();
    }
}
