using System.Diagnostics;
using System.Globalization;
using MlNetSer.Audio;
using MlNetSer.Platform;

namespace MlNetSer.Synthesis;

/// <summary>What espeak-ng is asked to say, and how.</summary>
/// <param name="Voice">An espeak-ng voice with an optional variant, e.g. <c>en-us+f2</c>.</param>
/// <param name="Pitch">Base pitch on espeak-ng's scale 0 … 99 (<c>-p</c>; 50 is the voice's own).</param>
/// <param name="WordsPerMinute">Speaking rate (<c>-s</c>), 80 … 450.</param>
/// <param name="WordGap">Pause between words (<c>-g</c>) in units of 10 ms at the default speed.</param>
/// <param name="Ssml">The text as SSML markup (<c>-m</c>), e.g. <c>&lt;speak&gt;&lt;prosody range="150%"&gt;…&lt;/prosody&gt;&lt;/speak&gt;</c>.</param>
internal sealed record EspeakRequest(string Voice, int Pitch, int WordsPerMinute, int WordGap, string Ssml);

/// <summary>
/// Runs the espeak-ng program: the path in the <c>MLNETSER_ESPEAK</c> environment variable when it is set,
/// otherwise the first <c>espeak-ng</c> on <c>PATH</c>. Each utterance is one process, given its arguments as a
/// list (never through a shell), writing a WAV file into the temporary folder that the project's WAV decoder reads.
/// (espeak-ng's <c>--stdout</c> WAV declares a made-up data size, which that decoder rightly rejects as truncated.)
/// </summary>
internal sealed class EspeakNg
{
    /// <summary>Environment variable naming the espeak-ng executable to use instead of the one on PATH.</summary>
    public const string EnvironmentVariable = "MLNETSER_ESPEAK";

    /// <summary>How to get espeak-ng, for error messages.</summary>
    public const string InstallHint = "(Debian/Ubuntu: sudo apt-get install espeak-ng; macOS: brew install espeak-ng)";

    private const int TimeoutMilliseconds = 60_000;
    private const int MaxErrorText = 2000;

    private EspeakNg(string program) => Program = program;

    /// <summary>Full path of the espeak-ng executable.</summary>
    public string Program { get; }

    /// <summary>The espeak-ng of this process's environment, or null when it is not installed (or the environment variable names no file).</summary>
    public static EspeakNg? FromEnvironment() => Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), Environment.GetEnvironmentVariable("PATH"));

    /// <summary>
    /// The espeak-ng at <paramref name="programOverride"/> (used as is when set) or the first on <paramref name="searchPath"/>
    /// (directories separated by the platform's separator), or null.
    /// </summary>
    public static EspeakNg? Locate(string? programOverride, string? searchPath)
        => ExecutableLocator.Locate("espeak-ng", programOverride, searchPath) is { } path ? new EspeakNg(path) : null;

    /// <summary>The espeak-ng of this process's environment.</summary>
    /// <exception cref="SpeechEngineException">It is not installed, or the environment variable names a file that does not exist.</exception>
    public static EspeakNg Require() => Require(Environment.GetEnvironmentVariable(EnvironmentVariable), Environment.GetEnvironmentVariable("PATH"));

    /// <summary>The espeak-ng that <see cref="Locate"/> finds.</summary>
    /// <exception cref="SpeechEngineException">There is none: the message says how to install it, or that <paramref name="programOverride"/> does not exist.</exception>
    public static EspeakNg Require(string? programOverride, string? searchPath)
        => Locate(programOverride, searchPath) ?? throw new SpeechEngineException(string.IsNullOrWhiteSpace(programOverride)
            ? $"the speech-engine corpus is spoken by the espeak-ng program, which is not on PATH {InstallHint}"
            : $"the speech-engine corpus is spoken by the espeak-ng program, but {EnvironmentVariable} names {programOverride}, which does not exist");

    /// <summary>espeak-ng's version line (e.g. "eSpeak NG text-to-speech: 1.51  Data at: …"): the same options give the same audio only with the same espeak-ng.</summary>
    public string Version()
    {
        var (exitCode, output, errors) = Run(["--version"]);
        return exitCode == 0 ? output.Trim() : throw new SpeechEngineException($"{Program} --version failed (exit code {exitCode}): {errors}");
    }

    /// <summary>The spoken <paramref name="request"/> as mono samples at <paramref name="sampleRate"/> Hz (resampled when espeak-ng's own rate differs).</summary>
    /// <exception cref="SpeechEngineException">espeak-ng failed, timed out or wrote no audio.</exception>
    public float[] Speak(EspeakRequest request, int sampleRate)
    {
        var wav = Path.Combine(Path.GetTempPath(), $"mlnetser-espeak-{Guid.NewGuid():N}.wav");
        try
        {
            var (exitCode, _, errors) = Run([
                "-v", request.Voice,
                "-p", request.Pitch.ToString(CultureInfo.InvariantCulture),
                "-s", request.WordsPerMinute.ToString(CultureInfo.InvariantCulture),
                "-g", request.WordGap.ToString(CultureInfo.InvariantCulture),
                "-m",
                "-w", wav,
                request.Ssml,
            ]);
            // espeak-ng exits 0 even when it cannot write the file, so the file is checked as well.
            if (exitCode != 0 || !File.Exists(wav) || new FileInfo(wav).Length <= WavWriter.HeaderSize)
                throw new SpeechEngineException($"espeak-ng could not speak with voice {request.Voice} (exit code {exitCode}): {errors}");
            return AudioReader.Load(wav, sampleRate).Samples;
        }
        catch (AudioDecodingException e)
        {
            throw new SpeechEngineException($"espeak-ng wrote audio that cannot be read for voice {request.Voice}: {e.Message}", e);
        }
        finally
        {
            File.Delete(wav);
        }
    }

    private (int ExitCode, string Output, string Errors) Run(IReadOnlyList<string> arguments)
    {
        Process process;
        try
        {
            process = Process.Start(ExternalProgram.StartInfo(Program, arguments)) ?? throw new SpeechEngineException($"{Program} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SpeechEngineException($"{Program} could not be started: {e.Message} {InstallHint}", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeoutMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new SpeechEngineException($"espeak-ng did not finish within {TimeoutMilliseconds / 1000} s");
            }

            process.WaitForExit();
            var text = errors.Result.Trim();
            return (process.ExitCode, output.Result, text.Length == 0 ? "(no error text)" : text.Length > MaxErrorText ? text[..MaxErrorText] + " …" : text);
        }
    }
}
