using MlNetSer.Cli;
using Spectre.Console;

namespace MlNetSer.Tests.Cli;

/// <summary>The plain (redirected) progress display and the consoles made for writers that are not terminals.</summary>
public class ProgressDisplayTests
{
    [Fact]
    public void CountedWorkPrintsALineEverySoManyAndOneWhenDone_WithRateAndTimeLeft()
    {
        var progress = new StringWriter();
        var display = new PlainProgressDisplay(progress, new StringWriter());

        display.Run(() =>
        {
            var bar = display.AddBar("features", total: 10, unit: "files", printEvery: 4, secondaryUnit: "audio-s");
            for (var i = 0; i < 10; i++)
                bar.Increment(1, secondary: 2.5);
            bar.Complete();
            return 0;
        });

        var lines = progress.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("features: 4/10 files, ", lines[0]);
        Assert.Contains(" files/s, ", lines[0]);
        Assert.Contains(" audio-s/s, eta ", lines[0]);
        Assert.StartsWith("features: 8/10 files, ", lines[1]);
        Assert.StartsWith("features: done, 10 files in ", lines[2]);
        Assert.DoesNotContain("eta", lines[2]);
    }

    [Fact]
    public void MilestonesPrintWithTheirStatus_AdvancesDoNot()
    {
        var progress = new StringWriter();
        var display = new PlainProgressDisplay(progress, new StringWriter());
        var bar = display.AddBar("1d", total: 3, unit: "epochs");

        bar.Advance(0.5, "batch loss 1.2");
        bar.Step(1, "loss 1.1000, validation accuracy 0.5000");
        bar.Advance(1.5);
        bar.Advance(2, "batch loss 1.0");
        bar.Step(2, "loss 0.9000, validation accuracy 0.6000");
        bar.Complete("best epoch 2");

        var lines = progress.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("1d: 1/3 epochs, loss 1.1000, validation accuracy 0.5000, ", lines[0]);
        Assert.StartsWith("1d: 2/3 epochs, loss 0.9000, validation accuracy 0.6000, ", lines[1]);
        Assert.StartsWith("1d: done, 2 epochs in ", lines[2]);
        Assert.Contains("best epoch 2", lines[2]);
    }

    [Fact]
    public void WorkDoneBeforeAResumeIsNotPartOfTheRateOrTheTimeLeft()
    {
        var display = new PlainProgressDisplay(TextWriter.Null, TextWriter.Null);
        var resumed = display.AddBar("1d", total: 100, unit: "epochs");
        var fresh = display.AddBar("1d", total: 100, unit: "epochs");

        resumed.StartFrom(90);
        Assert.Null(resumed.Remaining);
        Thread.Sleep(20);
        resumed.Step(91);
        fresh.Step(91);

        // One epoch in the resumed run's time, not 91: its rate is far below the fresh bar's, and the 9 epochs left take
        // about 9 times the time so far (counting the resumed epochs as done in it would make it a tenth of it).
        Assert.True(resumed.Rate < fresh.Rate / 10, $"{resumed.Rate} vs {fresh.Rate}");
        Assert.True(resumed.Remaining > resumed.Elapsed, $"{resumed.Remaining} left after {resumed.Elapsed}");
    }

    [Fact]
    public void ResultsGoToTheOutputAndMessagesToTheProgressWriter()
    {
        var progress = new StringWriter();
        var output = new StringWriter();
        var display = new PlainProgressDisplay(progress, output);

        display.Message("train: 10 utterances");
        display.Result("wrote model.zip");

        Assert.Equal("train: 10 utterances" + Environment.NewLine, progress.ToString());
        Assert.Equal("wrote model.zip" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void AWriterHandedInIsNoTerminal_SoTablesCarryNoEscapeCodes()
    {
        var writer = new StringWriter();
        Assert.False(Terminal.IsInteractive(writer));

        var console = Terminal.CreateConsole(writer);
        console.Write(new Table().AddColumns("Classifier", "Accuracy").AddRow("[bold]1d[/]", "50.00"));

        Assert.Contains("Classifier", writer.ToString());
        Assert.Contains("1d", writer.ToString());
        Assert.DoesNotContain('\u001b', writer.ToString());
    }
}
