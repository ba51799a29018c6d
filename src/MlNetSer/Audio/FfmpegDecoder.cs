using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MlNetSer.Platform;

namespace MlNetSer.Audio;

/// <summary>
/// Decodes anything ffmpeg can read (Ogg, FLAC, M4A/AAC, Opus, AVI, MP4, WebM, …) by running the ffmpeg
/// program and reading its raw 32-bit float output as a stream. ffprobe first reports the first audio
/// stream's sample rate and channel count; ffmpeg is then told to keep exactly those, so the bytes can be
/// split into frames without trusting anything else. The process is killed when the decoder is disposed.
/// </summary>
internal sealed class FfmpegDecoder : IAudioDecoder
{
    private const int ProbeTimeoutMilliseconds = 60_000;
    private const int MaxErrorText = 4000;

    private readonly Process _process;
    private readonly Stream _output;
    private readonly string _path;
    private readonly StringBuilder _errors = new();
    private readonly byte[] _bytes = new byte[1 << 16];
    private int _carry;
    private bool _finished;

    private FfmpegDecoder(Process process, string path, string codec, int sampleRate, int channels, double? duration)
    {
        _process = process;
        _output = process.StandardOutput.BaseStream;
        _path = path;
        Format = "ffmpeg/" + codec;
        SampleRate = sampleRate;
        Channels = channels;
        FrameCount = duration is { } seconds ? (long)Math.Round(seconds * sampleRate) : null;
        _process.ErrorDataReceived += (_, e) => AppendError(e.Data);
        _process.BeginErrorReadLine();
    }

    /// <inheritdoc />
    public string Format { get; }

    /// <inheritdoc />
    public int SampleRate { get; }

    /// <inheritdoc />
    public int Channels { get; }

    /// <inheritdoc />
    public long? FrameCount { get; }

    /// <summary>The id of the decoding ffmpeg process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts decoding <paramref name="path"/> with the ffmpeg found in this process's environment.</summary>
    /// <exception cref="AudioDecodingException">ffmpeg is missing, cannot read the file, or it has no audio stream.</exception>
    public static FfmpegDecoder Open(string path)
    {
        var tools = FfmpegLocator.FromEnvironment();
        var chosen = Environment.GetEnvironmentVariable(FfmpegLocator.EnvironmentVariable);
        if (tools is null && !string.IsNullOrWhiteSpace(chosen))
        {
            throw new AudioDecodingException(path, $"{Describe(path)} is decoded with the ffmpeg program, but {FfmpegLocator.EnvironmentVariable} names {chosen}, which does not exist");
        }

        return Open(path, tools);
    }

    /// <summary>Starts decoding <paramref name="path"/> with <paramref name="tools"/> (null: not installed).</summary>
    /// <exception cref="AudioDecodingException">ffmpeg is missing, cannot read the file, or it has no audio stream.</exception>
    public static FfmpegDecoder Open(string path, FfmpegTools? tools)
    {
        if (tools is null)
        {
            throw new AudioDecodingException(path, $"{Describe(path)} is decoded with the ffmpeg program, which is not installed {InstallHint}");
        }

        if (tools.Ffprobe is null)
        {
            throw new AudioDecodingException(path, $"{Describe(path)} is decoded with ffmpeg, whose ffprobe program was not found beside {tools.Ffmpeg} or on PATH {InstallHint}");
        }

        // The file: protocol keeps names with a colon or a leading dash from being read as protocols/options.
        var input = "file:" + Path.GetFullPath(path);
        var (codec, sampleRate, channels, duration) = Probe(path, input, tools.Ffprobe);
        var process = Start(path, tools.Ffmpeg, [
            "-v", "error", "-nostdin", "-i", input, "-map", "0:a:0", "-vn",
            "-f", "f32le", "-acodec", "pcm_f32le",
            "-ac", channels.ToString(CultureInfo.InvariantCulture),
            "-ar", sampleRate.ToString(CultureInfo.InvariantCulture),
            "-",
        ]);
        return new FfmpegDecoder(process, path, codec, sampleRate, channels, duration);
    }

    /// <inheritdoc />
    public int Read(Span<float> interleaved)
    {
        var frameBytes = Channels * sizeof(float);
        var wantedFrames = interleaved.Length / Channels;
        if (wantedFrames == 0)
        {
            throw new ArgumentException("The buffer must hold at least one frame.", nameof(interleaved));
        }

        while (!_finished)
        {
            var available = _carry / frameBytes;
            if (available > 0)
            {
                var frames = Math.Min(available, wantedFrames);
                var bytes = frames * frameBytes;
                var samples = frames * Channels;
                for (var i = 0; i < samples; i++)
                {
                    interleaved[i] = BinaryPrimitives.ReadSingleLittleEndian(_bytes.AsSpan(4 * i));
                }

                _bytes.AsSpan(bytes, _carry - bytes).CopyTo(_bytes);
                _carry -= bytes;
                return samples;
            }

            var got = _output.Read(_bytes.AsSpan(_carry, _bytes.Length - _carry));
            if (got == 0)
            {
                Finish();
                break;
            }

            _carry += got;
        }

        return 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        _process.Dispose();
    }

    private void Finish()
    {
        _finished = true;
        _process.WaitForExit();
        if (_process.ExitCode != 0)
        {
            throw new AudioDecodingException(_path, $"ffmpeg could not decode it (exit code {_process.ExitCode}): {ErrorText()}");
        }
    }

    private static (string Codec, int SampleRate, int Channels, double? Duration) Probe(string path, string input, string ffprobe)
    {
        using var process = Start(path, ffprobe, [
            "-v", "error", "-select_streams", "a:0",
            "-show_entries", "stream=codec_name,sample_rate,channels,duration:format=duration",
            "-of", "json", input,
        ]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ProbeTimeoutMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new AudioDecodingException(path, $"ffprobe did not finish within {ProbeTimeoutMilliseconds / 1000} s");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new AudioDecodingException(path, $"not an audio or video file that ffmpeg can read: {Trim(stderr.Result)}");
        }

        using var json = ParseReport(path, stdout.Result);
        if (!json.RootElement.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0)
        {
            throw new AudioDecodingException(path, "the file has no audio stream");
        }

        var stream = streams[0];
        var codec = stream.TryGetProperty("codec_name", out var name) ? name.GetString() ?? "unknown" : "unknown";
        var sampleRate = ReadInt(stream, "sample_rate");
        var channels = ReadInt(stream, "channels");
        if (sampleRate <= 0)
        {
            throw new AudioDecodingException(path, $"its audio stream declares a sample rate of {sampleRate} Hz");
        }

        if (channels <= 0)
        {
            throw new AudioDecodingException(path, $"its audio stream declares {channels} channels");
        }

        var duration = ReadDouble(stream, "duration")
            ?? (json.RootElement.TryGetProperty("format", out var format) ? ReadDouble(format, "duration") : null);
        return (codec, sampleRate, channels, duration);
    }

    private static JsonDocument ParseReport(string path, string report)
    {
        try
        {
            return JsonDocument.Parse(report);
        }
        catch (JsonException e)
        {
            throw new AudioDecodingException(path, $"ffprobe's report on it could not be read: {e.Message}", e);
        }
    }

    private static Process Start(string path, string program, string[] arguments)
    {
        try
        {
            return Process.Start(ExternalProgram.StartInfo(program, arguments)) ?? throw new AudioDecodingException(path, $"{program} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new AudioDecodingException(path, $"{program} could not be started: {e.Message}", e);
        }
    }

    private static int ReadInt(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return 0;
        }

        return value.ValueKind == JsonValueKind.Number ? value.GetInt32()
            : int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
    }

    private static double? ReadDouble(JsonElement element, string name)
        => element.TryGetProperty(name, out var value)
           && double.TryParse(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;

    private void AppendError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_errors)
        {
            if (_errors.Length < MaxErrorText)
            {
                _errors.AppendLine(line);
            }
        }
    }

    private string ErrorText()
    {
        lock (_errors)
        {
            return Trim(_errors.ToString());
        }
    }

    private static string Trim(string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return "(no error text)";
        }

        return text.Length > MaxErrorText ? text[..MaxErrorText] + " …" : text;
    }

    private static string Describe(string path)
    {
        var extension = Path.GetExtension(path);
        return string.IsNullOrEmpty(extension) ? "this file (neither WAV nor MP3)" : extension.ToLowerInvariant();
    }

    private const string InstallHint = "(Debian/Ubuntu: sudo apt-get install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg)";
}
