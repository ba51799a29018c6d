using ScottPlot;

namespace MlNetSer.Evaluation.Plots;

/// <summary>A study's accuracy per value (mean ± sd over the folds), the paper's two corpora beside it where it has figures.</summary>
public static class StudyPlot
{
    /// <summary>Renders the plot as PNG bytes.</summary>
    /// <param name="study">The study's results.</param>
    /// <param name="options">Size and scale; null for the defaults.</param>
    public static byte[] Render(SerStudyResult study, PlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        options ??= new PlotOptions();
        options.Validate();
        var plot = PlotTheme.NewPlot();
        var x = Enumerable.Range(0, study.Rows.Count).Select(i => (double)i).ToArray();
        var ours = plot.Add.Scatter(x, study.Rows.Select(r => 100 * r.Summary.Accuracy.Mean).ToArray(), PlotTheme.Series(0));
        ours.LegendText = "ours (mean over folds)";
        ours.LineWidth = 2;
        var bars = plot.Add.ErrorBar(x, study.Rows.Select(r => 100 * r.Summary.Accuracy.Mean).ToArray(), study.Rows.Select(r => 100 * r.Summary.Accuracy.StdDev).ToArray());
        bars.Color = PlotTheme.Series(0);
        AddPaper(plot, study, x, p => p.Afew, "paper, AFEW5.0", 1);
        AddPaper(plot, study, x, p => p.Baum, "paper, BAUM-1s", 2);
        plot.Axes.Bottom.SetTicks(x, study.Rows.Select(r => r.Value).ToArray());
        plot.XLabel(SerStudy.NameOf(study.Kind));
        plot.YLabel("accuracy (%)");
        plot.Title($"{SerStudy.NameOf(study.Kind)} study, {study.Network} network");
        plot.ShowLegend();
        return PlotTheme.Png(plot, options);
    }

    /// <summary>Renders the plot and writes it to <paramref name="path"/> (atomically).</summary>
    public static void Save(string path, SerStudyResult study, PlotOptions? options = null) => PlotTheme.Save(path, Render(study, options));

    private static void AddPaper(Plot plot, SerStudyResult study, double[] x, Func<PaperStudyFigure, double> figure, string label, int series)
    {
        var points = study.Rows.Select((r, i) => (X: x[i], r.Paper)).Where(p => p.Paper is not null).ToArray();
        if (points.Length == 0)
            return;
        var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => figure(p.Paper!)).ToArray(), PlotTheme.Series(series));
        line.LegendText = label;
        line.LinePattern = LinePattern.Dashed;
    }
}
