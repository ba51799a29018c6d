using System.Globalization;
using MlNetSer.Fusion;
using ScottPlot;

namespace MlNetSer.Evaluation.Plots;

/// <summary>
/// The λ grid of score-level fusion (paper Eq. 1) and the accuracy of each point on the data it was searched on.
/// Three networks: the simplex as a heatmap over λ₁ (x) × λ₂ (y), λ₃ = 1 − λ₁ − λ₂, each cell annotated with its
/// accuracy (%); cells with λ₁ + λ₂ &gt; 1 stay empty. Two networks: accuracy and UAR against λ₁ (λ₂ = 1 − λ₁).
/// The chosen point is outlined (three) or marked with a vertical line (two). One network has no grid to plot.
/// </summary>
public static class FusionWeightGridPlot
{
    /// <summary>Whether a grid over <paramref name="networks"/> networks can be plotted (two or three).</summary>
    /// <param name="networks">The number of networks fused.</param>
    public static bool CanPlot(int networks) => networks is 2 or 3;

    /// <summary>Renders the grid as PNG bytes.</summary>
    /// <param name="grid">Every grid point (as <see cref="ScoreFusionSearchResult.Grid"/>), all with one weight per network.</param>
    /// <param name="chosen">The chosen weights (marked).</param>
    /// <param name="networks">The network names in weight order (two or three).</param>
    /// <param name="title">The title, e.g. the fold and the combination.</param>
    /// <param name="options">Size and scale; null for the defaults.</param>
    /// <exception cref="ArgumentException">Not two or three networks, an empty grid, or weights of the wrong length.</exception>
    public static byte[] Render(IReadOnlyList<FusionGridPoint> grid, IReadOnlyList<double> chosen, IReadOnlyList<string> networks, string title, PlotOptions? options = null)
    {
        options ??= new PlotOptions();
        options.Validate();
        return PlotTheme.Png(Build(grid, chosen, networks, title), options);
    }

    /// <summary>Renders the grid and writes it to <paramref name="path"/> as a PNG (atomically).</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="grid">Every grid point.</param>
    /// <param name="chosen">The chosen weights.</param>
    /// <param name="networks">The network names in weight order.</param>
    /// <param name="title">The title.</param>
    /// <param name="options">Size and scale; null for the defaults.</param>
    public static void Save(string path, IReadOnlyList<FusionGridPoint> grid, IReadOnlyList<double> chosen, IReadOnlyList<string> networks, string title, PlotOptions? options = null)
        => PlotTheme.Save(path, Render(grid, chosen, networks, title, options));

    /// <summary>The grid step: the smallest gap between distinct first weights.</summary>
    internal static double Step(IReadOnlyList<FusionGridPoint> grid)
    {
        var values = grid.Select(p => Math.Round(p.Weights[0], 9)).Distinct().Order().ToArray();
        return values.Length < 2 ? 1 : values.Zip(values.Skip(1), (a, b) => b - a).Min();
    }

    /// <summary>The plot; for three networks cell (λ₁, λ₂) is centred on (λ₁, λ₂) in data coordinates.</summary>
    internal static Plot Build(IReadOnlyList<FusionGridPoint> grid, IReadOnlyList<double> chosen, IReadOnlyList<string> networks, string title)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(networks);
        if (!CanPlot(networks.Count))
            throw new ArgumentException($"A fusion-weight grid can be plotted for two or three networks, not {networks.Count}.", nameof(networks));
        if (grid.Count == 0)
            throw new ArgumentException("The fusion-weight grid is empty.", nameof(grid));
        if (chosen.Count != networks.Count || grid.Any(p => p.Weights.Count != networks.Count))
            throw new ArgumentException($"Every weight vector must have one weight per network ({networks.Count}).", nameof(grid));
        var plot = PlotTheme.NewPlot();
        plot.Title(title);
        if (networks.Count == 3)
            Simplex(plot, grid, chosen, networks);
        else
            Line(plot, grid, chosen, networks);
        return plot;
    }

    private static void Simplex(Plot plot, IReadOnlyList<FusionGridPoint> grid, IReadOnlyList<double> chosen, IReadOnlyList<string> networks)
    {
        var step = Step(grid);
        var half = step / 2;
        var low = grid.Min(p => p.Accuracy);
        var high = grid.Max(p => p.Accuracy);
        // Colour spans the grid's own range: the differences between weightings are often a few points only.
        double Shade(double accuracy) => high > low ? (accuracy - low) / (high - low) : 1;
        var fontSize = step >= 0.1 - 1e-9 ? 10f : 7f;
        foreach (var point in grid)
        {
            var (x, y) = (point.Weights[0], point.Weights[1]);
            PlotTheme.Cell(plot, x - half, x + half, y - half, y + half, PlotTheme.HeatColor(Shade(point.Accuracy)), PlotTheme.Percent(point.Accuracy), fontSize);
        }

        PlotTheme.Outline(plot, chosen[0] - half, chosen[0] + half, chosen[1] - half, chosen[1] + half);
        var ticks = Enumerable.Range(0, (int)Math.Round(1 / step) + 1).Select(i => i * step).Where((_, i) => step >= 0.1 - 1e-9 || i % 2 == 0).ToArray();
        var labels = ticks.Select(t => t.ToString("0.0#", CultureInfo.InvariantCulture)).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, labels);
        plot.Axes.Left.SetTicks(ticks, labels);
        plot.Axes.SetLimits(-half, 1 + half, -half, 1 + half);
        plot.HideGrid();
        plot.XLabel($"λ1 ({networks[0]})");
        plot.YLabel($"λ2 ({networks[1]});  λ3 ({networks[2]}) = 1 − λ1 − λ2");
        var note = plot.Add.Annotation(
            $"accuracy % per λ; chosen λ = ({string.Join(", ", chosen.Select(w => w.ToString("0.0#", CultureInfo.InvariantCulture)))}), outlined; "
            + $"range {PlotTheme.Percent(low)}–{PlotTheme.Percent(high)} %", Alignment.UpperRight);
        note.LabelFontSize = 11;
        note.LabelBackgroundColor = Colors.White;
        note.LabelBorderColor = Colors.Gray;
    }

    private static void Line(Plot plot, IReadOnlyList<FusionGridPoint> grid, IReadOnlyList<double> chosen, IReadOnlyList<string> networks)
    {
        var ordered = grid.OrderBy(p => p.Weights[0]).ToArray();
        var x = ordered.Select(p => p.Weights[0]).ToArray();
        var accuracy = plot.Add.Scatter(x, ordered.Select(p => p.Accuracy * 100).ToArray(), PlotTheme.Series(0));
        accuracy.LineWidth = 2;
        accuracy.LegendText = "accuracy";
        var uar = plot.Add.Scatter(x, ordered.Select(p => p.Uar * 100).ToArray(), PlotTheme.Series(1));
        uar.LineWidth = 2;
        uar.LinePattern = LinePattern.Dashed;
        uar.LegendText = "UAR";
        var line = plot.Add.VerticalLine(chosen[0], 2, PlotTheme.Highlight, LinePattern.Dotted);
        line.LegendText = $"chosen λ1 = {chosen[0].ToString("0.0#", CultureInfo.InvariantCulture)}";
        var best = grid.FirstOrDefault(p => Math.Abs(p.Weights[0] - chosen[0]) < 1e-9);
        if (best is not null)
            plot.Add.Marker(chosen[0], best.Accuracy * 100, MarkerShape.FilledCircle, 12, PlotTheme.Highlight);
        plot.XLabel($"λ1 ({networks[0]});  λ2 ({networks[1]}) = 1 − λ1");
        plot.YLabel("%");
        plot.Axes.SetLimitsX(-0.02, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
    }
}
