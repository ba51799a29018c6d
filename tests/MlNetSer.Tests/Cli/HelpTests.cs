using System.CommandLine;
using MlNetSer.Cli;

namespace MlNetSer.Tests.Cli;

public class HelpTests
{
    /// <summary>Every command registered in the root, at any depth, as the words typed to reach it ("bench features").</summary>
    public static TheoryData<string> EveryCommand()
    {
        var data = new TheoryData<string>();
        void Walk(Command command, string path)
        {
            data.Add(path);
            foreach (var sub in command.Subcommands)
                Walk(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}");
        }

        Walk(Program.CreateRootCommand(), "");
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public void EveryCommandHasHelpWithAnExampleOfItself(string path)
    {
        var words = path.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var result = CliRunner.InProcess([.. words, "--help"]);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        // An example is a line that can be copied as is: "mlnetser <this command> …", under "Examples:" or after "Example:".
        var invocation = string.Join(' ', ["mlnetser", .. words]);
        var lines = result.Output.Split('\n').Select(l => l.Trim()).Select(l => l.StartsWith("Example: ", StringComparison.Ordinal) ? l["Example: ".Length..] : l);
        Assert.Contains(lines, l => l == invocation || l.StartsWith(invocation + " ", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', result.Output);
    }

    [Fact]
    public void RootHelpDocumentsTheExitCodesAndTheOutputFlags()
    {
        var help = CliRunner.InProcess("--help").Output;

        foreach (var text in new[] { "Exit codes: 0 ok; 1 usage", "2 some inputs failed", "3 failure", "--json", "--quiet", "--verbose" })
            Assert.Contains(text, help);
    }

    [Fact]
    public void ExamplesStayOutOfTheParentsCommandList()
    {
        // The root's list of commands shows descriptions; the examples belong to each command's own help.
        var help = CliRunner.InProcess("--help").Output;

        Assert.DoesNotContain("mlnetser features corpus/*.wav", help);
        Assert.Contains("mlnetser features corpus/*.wav", CliRunner.InProcess("features", "--help").Output);
    }

    [Fact]
    public void FeaturesHelpListsEveryTransformerOption()
    {
        var help = CliRunner.InProcess("features", "--help").Output;
        foreach (var flag in new[]
                 {
                     "--segment-length", "--segment-hop", "--scale", "--sample-rate", "--window-ms", "--hop-ms", "--window", "--hop", "--fft", "--mel-bands",
                     "--fmin", "--fmax", "--log-floor", "--segment-frames", "--segment-frame-hop", "--delta-width", "--clip-depth",
                     "--threads", "--out", "--json", "--quiet", "--verbose",
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
        Assert.Contains("not evidence", help, StringComparison.OrdinalIgnoreCase);
    }
}
