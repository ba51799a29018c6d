using MlNetSer.Evaluation.Plots;
using MlNetSer.Training;
using ScottPlot;

namespace MlNetSer.Tests.Evaluation.Plots;

public sealed class TrainingCurvesPlotTests
{
    internal static TrainingHistory History(int epochs, int best, double lossScale = 1, double validation = 0.3)
        => new(best, false, Enumerable.Range(1, epochs)
            .Select(e => new EpochStatistics(e, lossScale * 2.0 / e, 1.5, validation + 0.05 * Math.Min(e, best) - 0.02 * Math.Max(0, e - best), 1, 1, 0.1, 0))
            .ToArray());

    [Fact]
    public void Render_IsAPng_ThatChangesWhenTheHistoryChanges()
    {
        var options = new PlotOptions { Width = 500, Height = 400 };
        var first = new Dictionary<string, TrainingHistory> { ["1d"] = History(6, 4), ["3d"] = History(6, 2, 0.5) };
        var again = new Dictionary<string, TrainingHistory> { ["1d"] = History(6, 4), ["3d"] = History(6, 2, 0.5) };
        var otherLoss = new Dictionary<string, TrainingHistory> { ["1d"] = History(6, 4), ["3d"] = History(6, 2, 0.9) };
        var otherBest = new Dictionary<string, TrainingHistory> { ["1d"] = History(6, 5), ["3d"] = History(6, 2, 0.5) };

        var png = TrainingCurvesPlot.Render(first, "fold group1", options);

        Assert.Equal((500, 400), PngImage.Size(png));
        Assert.Equal(png, TrainingCurvesPlot.Render(again, "fold group1", options));
        Assert.NotEqual(png, TrainingCurvesPlot.Render(otherLoss, "fold group1", options));
        Assert.NotEqual(png, TrainingCurvesPlot.Render(otherBest, "fold group1", options));
    }

    [Fact]
    public void TheKeptEpoch_IsMarkedOnTheValidationCurve()
    {
        var history = History(8, 5);
        var plot = TrainingCurvesPlot.Build(new Dictionary<string, TrainingHistory> { ["2d"] = history }, "t");
        using var bitmap = PngImage.Decode(PlotTheme.Png(plot, new PlotOptions()));
        var best = history.Epochs[4];
        var epoch3 = history.Epochs[2];

        // The marker's outline is drawn in the highlight colour; a plain point of the same curve has none.
        var markerEdge = plot.GetPixel(new Coordinates(best.Epoch, best.ValidationAccuracy * 100), plot.Axes.Bottom, plot.Axes.Right);
        var plainPoint = plot.GetPixel(new Coordinates(epoch3.Epoch, epoch3.ValidationAccuracy * 100), plot.Axes.Bottom, plot.Axes.Right);
        bool Highlighted(Pixel centre) => Enumerable.Range(-11, 23).Any(dx => IsHighlight(PngImage.At(bitmap, new Pixel(centre.X + dx, centre.Y))));

        Assert.True(Highlighted(markerEdge), "no highlighted marker at the kept epoch");
        Assert.False(Highlighted(plainPoint), "a highlighted marker at an epoch that was not kept");
    }

    [Fact]
    public void Render_RejectsNoHistory_AndAHistoryWithoutEpochs()
    {
        Assert.Throws<ArgumentException>(() => TrainingCurvesPlot.Render(new Dictionary<string, TrainingHistory>(), "t"));
        var empty = Assert.Throws<ArgumentException>(() => TrainingCurvesPlot.Render(new Dictionary<string, TrainingHistory> { ["3d"] = new(1, false, []) }, "t"));
        Assert.Contains("'3d'", empty.Message, StringComparison.Ordinal);
    }

    private static bool IsHighlight(SkiaSharp.SKColor c)
        => c.Red > 200 && c.Green is > 30 and < 140 && c.Blue < 80; // OrangeRed (255, 69, 0), anti-aliased
}
