using System.Text.Json;
using MlNetSer.Cli;

namespace MlNetSer.Tests.Cli;

public class BenchCommandTests
{
    [Fact]
    public void FeaturesBenchPrintsItsMeasurementsAsJson()
    {
        var result = CliRunner.InProcess("bench", "features", "--seconds", "3", "--threads", "1");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("audio_seconds").GetDouble(), 3);
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        var cpu = root.GetProperty("cpu_seconds").GetDouble();
        Assert.True(cpu > 0);
        Assert.Equal(3 / cpu, root.GetProperty("realtime_factor").GetDouble(), 3);
        Assert.True(root.GetProperty("wall_seconds").GetDouble() > 0);
    }

    [Theory]
    [InlineData("features", "--seconds", "0")]
    [InlineData("features", "--threads", "0")]
    [InlineData("scale", "--hours", "0")]
    [InlineData("scale", "--hours", "two")]
    [InlineData("scale", "--networks", "4d")]
    [InlineData("scale", "--epochs", "0")]
    public void InvalidValuesAreUsageErrors(string subcommand, string flag, string value)
    {
        var result = CliRunner.InProcess("bench", subcommand, flag, value);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void ScaleBenchStoresAndTrainsEachSizeInAFreshProcessAndPrintsJson()
    {
        using var cache = new TempDirectory();

        // 0.004 h ≈ 6 utterances of the demo corpus: two speakers, so one holds out for validation.
        var result = CliRunner.InProcess("bench", "scale", "--hours", "0.004", "--networks", "1d", "--cache-dir", cache.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var size = Assert.Single(json.RootElement.GetProperty("sizes").EnumerateArray());
        Assert.True(size.GetProperty("utterances").GetInt32() >= 6);
        Assert.Equal(0, size.GetProperty("failed").GetInt32());
        Assert.True(size.GetProperty("audio_hours").GetDouble() > 0);
        Assert.True(size.GetProperty("peak_rss_mb").GetDouble() > size.GetProperty("store_peak_rss_mb").GetDouble());
        Assert.True(size.GetProperty("cache_mb_on_disk").GetDouble() > 0);
        Assert.True(size.GetProperty("store_seconds").GetDouble() > 0);
        var network = size.GetProperty("networks").GetProperty("1d");
        Assert.True(network.GetProperty("compute_seconds").GetDouble() > 0);
        Assert.True(network.GetProperty("epoch_seconds").GetDouble() >= network.GetProperty("compute_seconds").GetDouble());
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(cache.Path, "store-0.004h"), "*.seg", SearchOption.AllDirectories));
        Assert.Contains("store: ", result.Error);
    }

    [Fact]
    public void BenchAloneListsItsSubcommands()
    {
        var result = CliRunner.InProcess("bench");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("mlnetser bench --help", result.Error);
    }
}
