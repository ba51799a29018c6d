using System.Text.Json;
using MlNetSer.Features;

namespace MlNetSer.Tests.Features;

public class FeatureBenchmarkTests
{
    [Fact]
    public void ReportsWhatItProcessedUnderTheDocumentedJsonNames()
    {
        var result = FeatureBenchmark.Run(audioSeconds: 7, threads: 2, fileSeconds: 3, seed: 1);
        Assert.Equal(7, result.AudioSeconds, 1e-9);
        Assert.Equal(3, result.Files);   // 3 s + 3 s + 1 s
        Assert.Equal(2, result.Threads);
        Assert.True(result.CpuSeconds >= 0 && result.WallSeconds > 0);
        Assert.True(result.RealtimeFactor > 0);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(result));
        foreach (var name in new[] { "audio_seconds", "cpu_seconds", "wall_seconds", "realtime_factor", "threads" })
            Assert.True(json.RootElement.TryGetProperty(name, out _), name);
    }

    [Fact]
    public void RejectsNonsense()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureBenchmark.Run(audioSeconds: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureBenchmark.Run(threads: 0));
    }
}
