using MlNetSer.Cli;

namespace MlNetSer.Tests.Cli;

public class HelpTests
{
    [Theory]
    [InlineData("features")]
    [InlineData("bench")]
    [InlineData("bench", "features")]
    [InlineData("demo")]
    [InlineData("demo-corpus")]
    public void EveryCommandHasHelpWithAnExample(params string[] command)
    {
        var result = CliRunner.InProcess([.. command, "--help"]);
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("Example: mlnetser " + string.Join(' ', command), result.Output);
    }

    [Fact]
    public void FeaturesHelpListsEveryTransformerOption()
    {
        var help = CliRunner.InProcess("features", "--help").Output;
        foreach (var flag in new[]
                 {
                     "--segment-length", "--segment-hop", "--scale", "--sample-rate", "--window", "--hop", "--fft", "--mel-bands",
                     "--fmin", "--fmax", "--log-floor", "--segment-frames", "--segment-frame-hop", "--delta-width", "--clip-depth",
                     "--threads", "--out", "--verbose",
                 })
            Assert.Contains(flag, help);
        Assert.Contains("[default: 625]", help);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("demo-corpus")]
    public void DemoHelpSaysTheCorpusIsSyntheticAndNotEvidence(string command)
    {
        var help = CliRunner.InProcess(command, "--help").Output;
        Assert.Contains("synthetic", help, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not", help, StringComparison.Ordinal);
    }
}
