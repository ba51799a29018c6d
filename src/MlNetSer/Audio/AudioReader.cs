using MlNetSer.IO;

namespace MlNetSer.Audio;

/// <summary>
/// Entry point of the audio front end: WAV and MP3 are decoded in managed code, anything else
/// (Ogg, FLAC, M4A, AVI, MP4, …) through the ffmpeg program. Channels are averaged to mono and the
/// result is resampled to the target rate with a band-limited resampler.
/// </summary>
/// <remarks>
/// <para>
/// The decoder is chosen by content first and extension second (see the WAV, MP3 and ffmpeg rules in the
/// project's audio docs): RIFF/WAVE is read by a managed streaming parser (PCM 8/16/24/32-bit, IEEE float
/// 32/64-bit, WAVE_FORMAT_EXTENSIBLE, RF64, any channel count), MPEG audio by NLayer, and the rest by
/// <c>ffmpeg</c> found on <c>PATH</c> or at the path in the <c>MLNETSER_FFMPEG</c> environment variable.
/// </para>
/// <para>
/// Samples: integer PCM maps to [-1, 1) (x/128 for 8-bit after removing its offset, x/32 768 for 16-bit,
/// x/2^23, x/2^31); float samples are kept as they are, even outside [-1, 1], but NaN and infinite samples
/// are rejected. A file with no samples at all is an error; silence, a single sample and very short clips
/// are valid.
/// </para>
/// <para>
/// Every bad input — a missing file, a directory, an empty file, a truncated header, a data chunk that
/// claims more bytes than the file holds, zero channels, a sample rate of 0, an unsupported encoding,
/// non-finite samples, a file that is not audio — raises <see cref="AudioDecodingException"/>, whose
/// message names the file and the problem.
/// </para>
/// </remarks>
public static class AudioReader
{
    /// <summary>The sample rate the paper's features use.</summary>
    public const int DefaultSampleRate = 22050;

    /// <summary>The lowest source sample rate read, in Hz (below it there is no speech band to speak of).</summary>
    public const int MinSampleRate = 1_000;

    /// <summary>
    /// The highest source sample rate read, in Hz (the highest rate audio hardware records). A header declaring more is
    /// refused: resampling cost grows with the rate, and a 400 KB file declaring 2 GHz would take minutes and gigabytes.
    /// </summary>
    public const int MaxSampleRate = 768_000;

    /// <summary>The problem with a declared <paramref name="sampleRate"/>, or null when it is within [<see cref="MinSampleRate"/>, <see cref="MaxSampleRate"/>].</summary>
    public static string? SampleRateProblem(long sampleRate)
        => sampleRate is >= MinSampleRate and <= MaxSampleRate
            ? null
            : $"the sample rate of {sampleRate} Hz is outside the range read ({MinSampleRate} to {MaxSampleRate} Hz)";

    /// <summary>Opens <paramref name="path"/> for streaming.</summary>
    /// <remarks>
    /// Memory stays bounded whatever the length of the file; dispose the stream to close the file (or stop ffmpeg).
    /// The stream's <see cref="MonoAudioStream.Source"/> gives the duration the container announces (NaN when
    /// it announces none); corrupt data further on surfaces as <see cref="AudioDecodingException"/> from
    /// <see cref="MonoAudioStream.Read(Span{float})"/>.
    /// </remarks>
    /// <exception cref="AudioDecodingException">The file is missing, not audio, or corrupt.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="targetSampleRate"/> is not positive.</exception>
    public static MonoAudioStream Open(string path, int targetSampleRate = DefaultSampleRate)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetSampleRate);
        var decoder = OpenDecoder(path);
        try
        {
            return new DecodedMonoAudioStream(decoder, path, targetSampleRate);
        }
        catch
        {
            decoder.Dispose();
            throw;
        }
    }

    /// <summary>Reads the whole of <paramref name="path"/>.</summary>
    /// <remarks><see cref="AudioClip.Source"/> reports the decoded duration, not the one the header announced.</remarks>
    /// <exception cref="AudioDecodingException">The file is missing, not audio, or corrupt.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="targetSampleRate"/> is not positive.</exception>
    public static AudioClip Load(string path, int targetSampleRate = DefaultSampleRate)
    {
        using var stream = (DecodedMonoAudioStream)Open(path, targetSampleRate);
        var expected = double.IsFinite(stream.Source.DurationSeconds)
            ? (int)Math.Min(Array.MaxLength, (stream.Source.DurationSeconds * targetSampleRate) + 1)
            : 0;
        var samples = new List<float>(expected);
        var block = new float[1 << 15];
        int got;
        while ((got = stream.Read(block)) > 0)
        {
            samples.AddRange(block.AsSpan(0, got));
        }

        var source = stream.Source with { DurationSeconds = stream.FramesDecoded / (double)stream.Source.SampleRate };
        return new AudioClip([.. samples], targetSampleRate, source);
    }

    /// <summary>
    /// Decodes all of <paramref name="path"/> at its own rate (no resampling) and throws what reading it for
    /// features would: lets a batch find bad files (empty, truncated, not audio, not a regular file) before it starts.
    /// </summary>
    /// <returns>The file as decoded; its duration is the decoded one.</returns>
    /// <exception cref="AudioDecodingException">The file is missing, not a regular file, not audio, corrupt or truncated.</exception>
    public static AudioInfo Verify(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var decoder = OpenDecoder(path);
        DecodedMonoAudioStream stream;
        try
        {
            stream = new DecodedMonoAudioStream(decoder, path, decoder.SampleRate);
        }
        catch
        {
            decoder.Dispose();
            throw;
        }

        using (stream)
        {
            var block = new float[1 << 15];
            while (stream.Read(block) > 0)
            {
            }

            return stream.Source with { DurationSeconds = stream.FramesDecoded / (double)stream.Source.SampleRate };
        }
    }

    /// <summary>Mixes nothing (the samples are mono already) but resamples and validates in-memory samples.</summary>
    /// <exception cref="AudioDecodingException">A sample is NaN or infinite, the rate is not positive, or there are no samples.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="targetSampleRate"/> is not positive.</exception>
    public static AudioClip FromSamples(ReadOnlySpan<float> samples, int sampleRate, int targetSampleRate = DefaultSampleRate, string name = "<samples>")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetSampleRate);
        name ??= "<samples>";
        if (sampleRate <= 0)
        {
            throw new AudioDecodingException(name, $"the sample rate must be positive, not {sampleRate} Hz");
        }

        if (SampleRateProblem(sampleRate) is { } rateProblem)
        {
            throw new AudioDecodingException(name, rateProblem);
        }

        if (samples.IsEmpty)
        {
            throw new AudioDecodingException(name, "there are no audio samples");
        }

        SampleValidator.EnsureFinite(samples, 1, sampleRate, 0, name);
        var resampled = Resampler.Resample(samples, sampleRate, targetSampleRate);
        var source = new AudioInfo(name, "samples", sampleRate, 1, samples.Length / (double)sampleRate);
        return new AudioClip(resampled, targetSampleRate, source);
    }

    /// <summary>Checks that <paramref name="path"/> is a readable, non-empty file and opens the decoder its content calls for.</summary>
    internal static IAudioDecoder OpenDecoder(string path)
    {
        if (path.Length == 0)
        {
            throw new AudioDecodingException(path, "no file name was given");
        }

        // Before anything opens it: opening a FIFO waits for a writer, and a device's data may never end.
        switch (FileKinds.Of(path))
        {
            case FileKind.Regular:
                break;
            case FileKind.Directory:
                throw new AudioDecodingException(path, "is a directory, not an audio file");
            case FileKind.Missing:
                throw new AudioDecodingException(path, "file not found");
            case var kind:
                throw new AudioDecodingException(path, $"is {FileKinds.Describe(kind)}, not a regular file; only regular files are read");
        }

        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AudioDecodingException(path, $"cannot be opened: {e.Message}", e);
        }

        try
        {
            if (file.Length == 0)
            {
                throw new AudioDecodingException(path, "the file is empty (0 bytes)");
            }

            Span<byte> header = stackalloc byte[AudioFormatDetector.HeaderLength];
            var got = StreamReading.ReadFully(file, header);
            file.Position = 0;
            var kind = AudioFormatDetector.Detect(header[..got], path);
            if (kind == AudioDecoderKind.Ffmpeg)
            {
                file.Dispose();
                var decoder = FfmpegDecoder.Open(path);
                if (SampleRateProblem(decoder.SampleRate) is { } rateProblem)
                {
                    decoder.Dispose();
                    throw new AudioDecodingException(path, rateProblem);
                }

                return decoder;
            }

            return OpenManaged(kind, file, path);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Opens a managed decoder over <paramref name="stream"/> (which it then owns) and checks that it holds samples.</summary>
    internal static IAudioDecoder OpenManaged(AudioDecoderKind kind, Stream stream, string path)
    {
        IAudioDecoder decoder = kind == AudioDecoderKind.Wav ? WavDecoder.Open(stream, path) : Mp3Decoder.Open(stream, path);
        if (SampleRateProblem(decoder.SampleRate) is { } rateProblem)
        {
            decoder.Dispose();
            throw new AudioDecodingException(path, rateProblem);
        }

        if (decoder.FrameCount == 0)
        {
            decoder.Dispose();
            var where = kind == AudioDecoderKind.Wav ? " (its data chunk is empty)" : string.Empty;
            throw new AudioDecodingException(path, $"the file contains no audio samples{where}");
        }

        return decoder;
    }
}
