using ScottPlot;
using MlNetSer.Training;

namespace MlNetSer.Evaluation.Plots;

/// <summary>
/// Training curves of one or more networks on one figure: the mean training loss per epoch (solid, left axis)
/// and the validation accuracy per epoch (dashed, right axis, percent), one colour per network, with the kept
/// (best) epoch ringed on the validation curve (on the loss curve when there was no validation).
/// </summary>
public static class TrainingCurvesPlot
{
    /// <summary>Renders the curves as PNG bytes.</summary>
    /// <param name="histories">Per network name, its training history (at least one, each with at least one epoch).</param>
    /// <param name="title">The title, e.g. the fold's name.</param>
    /// <param name="options">Size and scale; null for the defaults.</param>
    /// <exception cref="ArgumentException">No history, or a history without epochs.</exception>
    public static byte[] Render(IReadOnlyDictionary<string, TrainingHistory> histories, string title, PlotOptions? options = null)
    {
        options ??= new PlotOptions();
        options.Validate();
        return PlotTheme.Png(Build(histories, title), options);
    }

    /// <summary>Renders the curves and writes them to <paramref name="path"/> as a PNG (atomically).</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="histories">Per network name, its training history.</param>
    /// <param name="title">The title.</param>
    /// <param name="options">Size and scale; null for the defaults.</param>
    public static void Save(string path, IReadOnlyDictionary<string, TrainingHistory> histories, string title, PlotOptions? options = null)
        => PlotTheme.Save(path, Render(histories, title, options));

    internal static Plot Build(IReadOnlyDictionary<string, TrainingHistory> histories, string title)
    {
        ArgumentNullException.ThrowIfNull(histories);
        if (histories.Count == 0)
            throw new ArgumentException("Training curves need at least one network's history.", nameof(histories));
        var plot = PlotTheme.NewPlot();
        var series = 0;
        var anyValidation = false;
        foreach (var (network, history) in histories.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            if (history?.Epochs is not { Count: > 0 } epochs)
                throw new ArgumentException($"Network '{network}' has no training epochs to plot.", nameof(histories));
            var color = PlotTheme.Series(series++);
            var x = epochs.Select(e => (double)e.Epoch).ToArray();
            var loss = plot.Add.ScatterLine(x, epochs.Select(e => e.TrainLoss).ToArray(), color);
            loss.LineWidth = 2;
            loss.LegendText = $"{network}, kept epoch {history.BestEpoch}{(history.StoppedEarly ? " (early stop)" : "")}";

            var validated = epochs.Where(e => !double.IsNaN(e.ValidationAccuracy)).ToArray();
            var best = epochs.FirstOrDefault(e => e.Epoch == history.BestEpoch);
            if (validated.Length > 0)
            {
                anyValidation = true;
                var accuracy = plot.Add.ScatterLine(validated.Select(e => (double)e.Epoch).ToArray(), validated.Select(e => e.ValidationAccuracy * 100).ToArray(), color);
                accuracy.LineWidth = 2;
                accuracy.LinePattern = LinePattern.Dashed;
                accuracy.Axes.YAxis = plot.Axes.Right;
                if (best is not null && !double.IsNaN(best.ValidationAccuracy))
                    BestMarker(plot, best.Epoch, best.ValidationAccuracy * 100, plot.Axes.Right);
            }
            else if (best is not null)
            {
                BestMarker(plot, best.Epoch, best.TrainLoss, plot.Axes.Left);
            }
        }

        plot.Title(title);
        plot.XLabel("epoch");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.YLabel("training loss (solid)");
        if (anyValidation)
        {
            plot.Axes.Right.Label.Text = "validation accuracy, % (dashed)";
            // A little headroom, so that a curve at 100 % and its ring are not hidden under the frame.
            plot.Axes.SetLimitsY(0, 105, plot.Axes.Right);
        }

        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    // A ring in the highlight colour around the point, so it shows on any series colour.
    private static void BestMarker(Plot plot, int epoch, double y, IYAxis axis)
    {
        var marker = plot.Add.Marker(epoch, y, MarkerShape.OpenCircle, 16, PlotTheme.Highlight);
        marker.MarkerLineWidth = 3;
        marker.Axes.YAxis = axis;
    }
}
