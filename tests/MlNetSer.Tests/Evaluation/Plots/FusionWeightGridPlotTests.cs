using MlNetSer.Evaluation.Plots;
using MlNetSer.Fusion;
using ScottPlot;

namespace MlNetSer.Tests.Evaluation.Plots;

public sealed class FusionWeightGridPlotTests
{
    private static readonly string[] Classes = ["a", "b", "c"];

    // Network 0 is right on most utterances, network 1 on some, network 2 mostly wrong: accuracy varies over the grid.
    internal static ScoreFusionSearchResult Search(int networks, int seed = 5)
    {
        var random = new Random(seed);
        var labels = Enumerable.Range(0, 60).Select(i => i % 3).ToArray();
        float[] Scores(int label, double pRight)
        {
            var s = Enumerable.Range(0, 3).Select(_ => (float)random.NextDouble() * 0.4f).ToArray();
            s[random.NextDouble() < pRight ? label : (label + 1) % 3] += 0.6f;
            return s;
        }

        var quality = new[] { 0.8, 0.55, 0.2 };
        var scores = Enumerable.Range(0, networks).Select(n => labels.Select(l => Scores(l, quality[n])).ToArray()).ToArray();
        return ScoreFusionSearch.Search(scores, labels, Classes);
    }

    [Fact]
    public void ThreeNetworks_BetterCellsAreDarker_OffSimplexCellsEmpty_AndTheChosenCellOutlined()
    {
        var search = Search(3);
        var plot = FusionWeightGridPlot.Build(search.Grid, search.Best.Weights, ["1d", "2d", "3d"], "fold 1");
        using var bitmap = PngImage.Decode(PlotTheme.Png(plot, new PlotOptions()));
        var best = search.Grid.MaxBy(p => p.Accuracy)!;
        var worst = search.Grid.MinBy(p => p.Accuracy)!;
        Assert.True(best.Accuracy > worst.Accuracy, "the generated grid should not be flat");

        // Near a cell's lower-left corner, clear of the centred annotation (cells are 0.1 wide, centred on λ).
        SkiaSharp.SKColor Corner(double l1, double l2) => PngImage.At(bitmap, plot.GetPixel(new Coordinates(l1 - 0.035, l2 - 0.035)));

        Assert.True(PngImage.Luminance(Corner(best.Weights[0], best.Weights[1])) < PngImage.Luminance(Corner(worst.Weights[0], worst.Weights[1])));
        Assert.True(PngImage.Luminance(Corner(0.9, 0.9)) > 250, "λ1 + λ2 > 1 is not on the grid and must stay empty");

        var chosen = search.Best.Weights;
        var edge = plot.GetPixel(new Coordinates(chosen[0] - 0.05, chosen[1]));
        var edgeColour = PngImage.At(bitmap, edge);
        Assert.True(edgeColour.Red > 200 && edgeColour.Green < 140 && edgeColour.Blue < 80, $"chosen cell's edge is {edgeColour}, not the highlight");
    }

    [Fact]
    public void TwoNetworks_DrawALine_OneNetwork_IsRejected()
    {
        var two = Search(2);
        var png = FusionWeightGridPlot.Render(two.Grid, two.Best.Weights, ["1d", "3d"], "pair", new PlotOptions { Width = 300, Height = 200 });
        Assert.Equal((300, 200), PngImage.Size(png));

        var one = Search(1);
        Assert.False(FusionWeightGridPlot.CanPlot(1));
        var error = Assert.Throws<ArgumentException>(() => FusionWeightGridPlot.Render(one.Grid, one.Best.Weights, ["1d"], "single"));
        Assert.Contains("two or three networks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_IsReadFromTheGrid()
    {
        Assert.Equal(0.1, FusionWeightGridPlot.Step(ScoreFusionSearch.Grid(3).Select(w => new FusionGridPoint(w, 0, 0)).ToArray()), 9);
        Assert.Equal(0.25, FusionWeightGridPlot.Step(ScoreFusionSearch.Grid(3, 0.25).Select(w => new FusionGridPoint(w, 0, 0)).ToArray()), 9);
    }
}
