using System.Globalization;
using ScottPlot;

namespace MlNetSer.Evaluation.Plots;

/// <summary>
/// A confusion matrix as a heatmap: rows the true class (first class on top), columns the predicted class,
/// each cell coloured by its share of the row (the class's recall on the diagonal) and annotated with the
/// count and that percentage.
/// </summary>
public static class ConfusionMatrixPlot
{
    /// <summary>Renders the matrix as PNG bytes.</summary>
    /// <param name="counts">Counts [true][predicted], square, one row per class.</param>
    /// <param name="classNames">Class names in index order (the axis labels).</param>
    /// <param name="title">The title, e.g. the network or fusion name.</param>
    /// <param name="options">Size and scale; null for the defaults.</param>
    /// <exception cref="ArgumentException">The matrix is not square, does not match the class names, or has a negative count.</exception>
    public static byte[] Render(IReadOnlyList<IReadOnlyList<int>> counts, IReadOnlyList<string> classNames, string title, PlotOptions? options = null)
    {
        options ??= new PlotOptions();
        options.Validate();
        return PlotTheme.Png(Build(counts, classNames, title), options);
    }

    /// <summary>Renders the matrix and writes it to <paramref name="path"/> as a PNG (atomically).</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="counts">Counts [true][predicted].</param>
    /// <param name="classNames">Class names in index order.</param>
    /// <param name="title">The title.</param>
    /// <param name="options">Size and scale; null for the defaults.</param>
    public static void Save(string path, IReadOnlyList<IReadOnlyList<int>> counts, IReadOnlyList<string> classNames, string title, PlotOptions? options = null)
        => PlotTheme.Save(path, Render(counts, classNames, title, options));

    /// <summary>Each count over its row's total; NaN for every cell of a row with no examples.</summary>
    /// <param name="counts">Counts [true][predicted].</param>
    public static double[][] RowFractions(IReadOnlyList<IReadOnlyList<int>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return counts.Select(row =>
        {
            var total = row.Sum(c => (long)c);
            return row.Select(c => total > 0 ? (double)c / total : double.NaN).ToArray();
        }).ToArray();
    }

    /// <summary>The plot in coordinates where cell (t, p) spans x ∈ [p, p + 1], y ∈ [n − 1 − t, n − t].</summary>
    internal static Plot Build(IReadOnlyList<IReadOnlyList<int>> counts, IReadOnlyList<string> classNames, string title)
    {
        Check(counts, classNames);
        var n = classNames.Count;
        var fractions = RowFractions(counts);
        var plot = PlotTheme.NewPlot();
        for (var t = 0; t < n; t++)
        {
            for (var p = 0; p < n; p++)
            {
                var fraction = fractions[t][p];
                var text = counts[t][p].ToString(CultureInfo.InvariantCulture) + "\n" + (double.IsNaN(fraction) ? "—" : PlotTheme.Percent(fraction) + " %");
                PlotTheme.Cell(plot, p, p + 1, n - 1 - t, n - t, PlotTheme.HeatColor(fraction), text, n > 8 ? 9 : PlotTheme.CellFontSize);
            }
        }

        var centres = Enumerable.Range(0, n).Select(i => i + 0.5).ToArray();
        plot.Axes.Bottom.SetTicks(centres, classNames.ToArray());
        plot.Axes.Left.SetTicks(centres, classNames.Reverse().ToArray());
        plot.Axes.SetLimits(0, n, 0, n);
        plot.HideGrid();
        plot.Title(title);
        plot.XLabel("predicted class (% of each true class's row)");
        plot.YLabel("true class");
        return plot;
    }

    private static void Check(IReadOnlyList<IReadOnlyList<int>> counts, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count == 0)
            throw new ArgumentException("A confusion matrix needs at least one class.", nameof(classNames));
        if (counts.Count != classNames.Count)
            throw new ArgumentException($"The confusion matrix has {counts.Count} rows but there are {classNames.Count} classes.", nameof(counts));
        for (var t = 0; t < counts.Count; t++)
        {
            if (counts[t] is null || counts[t].Count != classNames.Count)
                throw new ArgumentException($"Row {t} of the confusion matrix has {counts[t]?.Count ?? 0} cells but there are {classNames.Count} classes.", nameof(counts));
            if (counts[t].Any(c => c < 0))
                throw new ArgumentException($"Row {t} of the confusion matrix has a negative count.", nameof(counts));
        }
    }
}
