using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using MlNetSer.Audio;
using MlNetSer.IO;

namespace MlNetSer.Features;

/// <summary>The content of <c>features.json</c>: what was extracted, from what, and with which parameters.</summary>
/// <param name="MlnetserVersion">Version of the MlNetSer library that computed the tensors.</param>
/// <param name="Input">The input file as it was before mixing and resampling.</param>
/// <param name="SampleRate">Rate in Hz of the mono samples the tensors were computed from.</param>
/// <param name="Options">Every feature parameter used.</param>
/// <param name="Tensors">Each written tensor by name (<c>wave1d</c>, <c>mel2d</c>, <c>clip3d</c>).</param>
public sealed record FeatureManifest(
    string MlnetserVersion,
    FeatureInput Input,
    int SampleRate,
    FeatureOptions Options,
    IReadOnlyDictionary<string, TensorFile> Tensors)
{
    /// <summary>The file name the CLI writes it under.</summary>
    public const string FileName = "features.json";

    /// <summary>snake_case keys, indented, like the bench output.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // A file for people and scripts, never embedded in HTML: keep '+' and '<' readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The informational version of the MlNetSer library.</summary>
    public static string LibraryVersion { get; } =
        typeof(FeatureOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(FeatureOptions).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>Writes the manifest as <c>features.json</c> in <paramref name="directory"/> (via a temporary file, so never half-written).</summary>
    public void Save(string directory)
    {
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, JsonOptions) + Environment.NewLine);
    }

    /// <summary>Reads a <c>features.json</c>.</summary>
    public static FeatureManifest Load(string path)
        => JsonSerializer.Deserialize<FeatureManifest>(File.ReadAllText(path), JsonOptions)
           ?? throw new InvalidDataException($"{path}: empty manifest.");
}

/// <summary>The input file of a feature extraction, as decoded.</summary>
/// <param name="Path">The file as given on the command line.</param>
/// <param name="Format">The decoder that read it, e.g. "wav/pcm16".</param>
/// <param name="SampleRate">Its own sample rate in Hz.</param>
/// <param name="Channels">Its channel count.</param>
/// <param name="DurationSeconds">Its duration in seconds as decoded (not as its header declares).</param>
public sealed record FeatureInput(string Path, string Format, int SampleRate, int Channels, double DurationSeconds)
{
    /// <summary>Copies <paramref name="info"/>.</summary>
    public static FeatureInput From(AudioInfo info) => new(info.Path, info.Format, info.SampleRate, info.Channels, info.DurationSeconds);
}

/// <summary>One written tensor.</summary>
/// <param name="File">File name, relative to the manifest.</param>
/// <param name="Shape">Its shape, leading dimension first.</param>
public sealed record TensorFile(string File, long[] Shape);
