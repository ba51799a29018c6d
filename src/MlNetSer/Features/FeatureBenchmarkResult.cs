using System.Text.Json.Serialization;

namespace MlNetSer.Features;

/// <summary>What <see cref="FeatureBenchmark.Run"/> measured (JSON names in brackets).</summary>
/// <param name="AudioSeconds">Seconds of audio processed (<c>audio_seconds</c>).</param>
/// <param name="CpuSeconds">Process CPU time spent extracting, all threads together (<c>cpu_seconds</c>).</param>
/// <param name="WallSeconds">Elapsed time of the extraction (<c>wall_seconds</c>).</param>
/// <param name="RealtimeFactor">AudioSeconds / CpuSeconds: seconds of audio per CPU second (<c>realtime_factor</c>).</param>
/// <param name="Threads">Worker threads used (<c>threads</c>).</param>
/// <param name="Files">Files the audio was cut into (<c>files</c>).</param>
/// <param name="FileSeconds">Length of each file in seconds (<c>file_seconds</c>).</param>
public sealed record FeatureBenchmarkResult(
    [property: JsonPropertyName("audio_seconds")] double AudioSeconds,
    [property: JsonPropertyName("cpu_seconds")] double CpuSeconds,
    [property: JsonPropertyName("wall_seconds")] double WallSeconds,
    [property: JsonPropertyName("realtime_factor")] double RealtimeFactor,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("files")] int Files,
    [property: JsonPropertyName("file_seconds")] double FileSeconds);
