using System.Text;

namespace MlNetSer.Audio;

/// <summary>Which decoder reads a file.</summary>
internal enum AudioDecoderKind
{
    /// <summary>The managed RIFF/WAVE reader.</summary>
    Wav,

    /// <summary>NLayer's managed MPEG audio decoder.</summary>
    Mp3,

    /// <summary>The ffmpeg program.</summary>
    Ffmpeg,
}

/// <summary>
/// Chooses the decoder from the first bytes of a file, falling back to its extension: RIFF/WAVE (or RF64)
/// content is WAV, an ID3 tag or an MPEG audio frame header is MP3, and everything else (Ogg, FLAC, MP4,
/// AVI — a RIFF of another form —, WebM, NIST SPHERE, …) goes to ffmpeg. A <c>.wav</c> file is always given
/// to the WAV reader (so that text or random bytes named .wav get a clear "not a WAV file"), except a NIST
/// SPHERE header (TIMIT's .wav files), which ffmpeg reads; a <c>.mp3</c> file always to the MP3 decoder,
/// which scans past leading junk for the first frame.
/// </summary>
internal static class AudioFormatDetector
{
    /// <summary>Bytes of the file's start that <see cref="Detect"/> looks at.</summary>
    public const int HeaderLength = 12;

    /// <summary>The decoder for a file starting with <paramref name="header"/> (up to <see cref="HeaderLength"/> bytes).</summary>
    public static AudioDecoderKind Detect(ReadOnlySpan<byte> header, string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (IsRiff(header) && (header.Length < HeaderLength || Ascii(header[8..12]) == "WAVE"))
        {
            return AudioDecoderKind.Wav;
        }

        if (IsId3(header) || IsMpegAudioFrame(header))
        {
            return AudioDecoderKind.Mp3;
        }

        return extension switch
        {
            ".wav" or ".wave" when !Ascii(header).StartsWith("NIST_1A", StringComparison.Ordinal) => AudioDecoderKind.Wav,
            ".mp3" or ".mp2" or ".mpga" => AudioDecoderKind.Mp3,
            _ => AudioDecoderKind.Ffmpeg,
        };
    }

    private static bool IsRiff(ReadOnlySpan<byte> header)
        => header.Length >= 4 && Ascii(header[..4]) is "RIFF" or "RF64";

    private static bool IsId3(ReadOnlySpan<byte> header)
        => header.Length >= 3 && Ascii(header[..3]) == "ID3";

    /// <summary>
    /// An MPEG-1/2/2.5 audio frame header: 11 sync bits, a valid version, a layer other than the reserved 00
    /// (which also rules out AAC's ADTS headers), a bitrate index other than 1111 and a valid sample-rate index.
    /// </summary>
    private static bool IsMpegAudioFrame(ReadOnlySpan<byte> header)
    {
        if (header.Length < 4 || header[0] != 0xFF || (header[1] & 0xE0) != 0xE0)
        {
            return false;
        }

        var version = (header[1] >> 3) & 0x3;
        var layer = (header[1] >> 1) & 0x3;
        var bitrate = header[2] >> 4;
        var rate = (header[2] >> 2) & 0x3;
        return version != 1 && layer != 0 && bitrate != 0xF && rate != 3;
    }

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
