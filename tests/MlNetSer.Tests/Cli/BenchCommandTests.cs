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
    [InlineData("--seconds", "0")]
    [InlineData("--threads", "0")]
    public void InvalidValuesAreUsageErrors(string flag, string value)
    {
        var result = CliRunner.InProcess("bench", "features", flag, value);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void BenchAloneListsItsSubcommands()
    {
        var result = CliRunner.InProcess("bench");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("mlnetser bench --help", result.Error);
    }
}
