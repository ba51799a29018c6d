using MlNetSer.Evaluation.Plots;
using ScottPlot;

namespace MlNetSer.Tests.Evaluation.Plots;

public sealed class ConfusionMatrixPlotTests
{
    private static readonly string[] Classes = ["anger", "joy", "sad"];

    [Theory]
    [InlineData(640, 480, 1.0)]
    [InlineData(400, 300, 2.0)]
    public void Render_IsAPngOfTheAskedPixelSize(int width, int height, double scale)
    {
        var options = new PlotOptions { Width = width, Height = height, Scale = scale };

        var png = ConfusionMatrixPlot.Render([[5, 1, 0], [2, 7, 1], [0, 0, 4]], Classes, "2D CNN", options);

        Assert.Equal((options.PixelWidth, options.PixelHeight), PngImage.Size(png));
        Assert.Equal((int)(width * scale), PngImage.Decode(png).Width);
    }

    [Fact]
    public void CellColour_FollowsTheRowShare_NotTheRawCount()
    {
        // Row 0: 90 / 10 / 0 (10 at 10 %); row 1: 1 / 1 / 0 (1 at 50 %); row 2: no examples at all.
        int[][] counts = [[90, 10, 0], [1, 1, 0], [0, 0, 0]];
        var plot = ConfusionMatrixPlot.Build(counts, Classes, "fused");
        using var bitmap = PngImage.Decode(PlotTheme.Png(plot, new PlotOptions()));

        // A point near a cell's lower-left corner, clear of its centred annotation; cell (t, p) spans x ∈ [p, p + 1], y ∈ [2 − t, 3 − t].
        double CellLuminance(int t, int p) => PngImage.Luminance(PngImage.At(bitmap, plot.GetPixel(new Coordinates(p + 0.12, 2 - t + 0.12))));

        Assert.True(CellLuminance(0, 0) < CellLuminance(0, 1), "90 % should be darker than 10 %");
        Assert.True(CellLuminance(1, 0) < CellLuminance(0, 1), "1 of 2 (50 %) should be darker than 10 of 100 (10 %)");
        Assert.True(CellLuminance(0, 1) < CellLuminance(0, 2), "10 % should be darker than 0 %");
        Assert.Equal(CellLuminance(1, 0), CellLuminance(1, 1), 6);
        Assert.Equal(CellLuminance(0, 2), CellLuminance(2, 2), 6);
    }

    [Fact]
    public void RowFractions_DivideByTheRowTotal_AndLeaveAnEmptyRowUndefined()
    {
        var fractions = ConfusionMatrixPlot.RowFractions([[3, 1], [0, 0]]);

        Assert.Equal([0.75, 0.25], fractions[0]);
        Assert.All(fractions[1], f => Assert.True(double.IsNaN(f)));
    }

    [Fact]
    public void Render_RejectsAMatrixThatDoesNotFitTheClasses()
    {
        var wrongRows = Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Render([[1, 0, 0], [0, 1, 0]], Classes, "x"));
        Assert.Contains("2 rows but there are 3 classes", wrongRows.Message, StringComparison.Ordinal);
        var ragged = Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Render([[1, 0, 0], [0, 1], [0, 0, 1]], Classes, "x"));
        Assert.Contains("Row 1", ragged.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Render([[1, 0, 0], [0, -1, 0], [0, 0, 1]], Classes, "x"));
        Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Render([[1]], ["a"], "x", new PlotOptions { Scale = 0 }));
    }
}
