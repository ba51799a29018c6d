using System.Globalization;
using MlNetSer.IO;
using ScottPlot;

namespace MlNetSer.Evaluation.Plots;

/// <summary>The look every plot shares (font, colours, cell annotation) and the PNG rendering.</summary>
internal static class PlotTheme
{
    /// <summary>Sans-serif family used for all text; Debian's fonts-dejavu-core provides it.</summary>
    public const string FontName = "DejaVu Sans";

    /// <summary>Annotation font size inside heatmap cells.</summary>
    public const float CellFontSize = 13;

    /// <summary>Sequential colormap of the heatmaps: light for low values, dark blue for high ones.</summary>
    public static IColormap Heat { get; } = new ScottPlot.Colormaps.Blues();

    /// <summary>Colour of the marked (chosen or best) element.</summary>
    public static Color Highlight { get; } = Colors.OrangeRed;

    /// <summary>The colour of the <paramref name="index"/>-th series.</summary>
    public static Color Series(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    /// <summary>A new plot with the shared font.</summary>
    public static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        return plot;
    }

    /// <summary>The heatmap colour of <paramref name="fraction"/> in [0, 1] (clamped; NaN as 0): the palest blue at 0, dark blue at 1.</summary>
    // ScottPlot's Blues runs from dark (0) to white (1); a heatmap reads better the other way round, and its
    // lowest cells stay a pale blue rather than white, so that they still stand out from the empty background.
    public static Color HeatColor(double fraction) => Heat.GetColor(0.94 * (1 - Math.Clamp(double.IsNaN(fraction) ? 0 : fraction, 0, 1)));

    /// <summary>Black or white, whichever reads better on <paramref name="background"/>.</summary>
    public static Color TextOn(Color background)
        => 0.299 * background.R + 0.587 * background.G + 0.114 * background.B < 140 ? Colors.White : Colors.Black;

    /// <summary>Fills the cell [x1, x2] × [y1, y2] with <paramref name="fill"/> and writes <paramref name="text"/> at its centre.</summary>
    public static void Cell(Plot plot, double x1, double x2, double y1, double y2, Color fill, string text, float fontSize = CellFontSize)
    {
        var rectangle = plot.Add.Rectangle(x1, x2, y1, y2);
        rectangle.FillColor = fill;
        rectangle.LineColor = Colors.LightGray;
        rectangle.LineWidth = 1;
        var label = plot.Add.Text(text, (x1 + x2) / 2, (y1 + y2) / 2);
        label.Alignment = Alignment.MiddleCenter;
        label.LabelFontSize = fontSize;
        label.LabelFontColor = TextOn(fill);
    }

    /// <summary>Draws an outline (no fill) around [x1, x2] × [y1, y2] in the highlight colour.</summary>
    public static void Outline(Plot plot, double x1, double x2, double y1, double y2)
    {
        var rectangle = plot.Add.Rectangle(x1, x2, y1, y2);
        rectangle.FillColor = Colors.Transparent;
        rectangle.LineColor = Highlight;
        rectangle.LineWidth = 4;
    }

    /// <summary>A fraction as a percentage with one decimal, e.g. <c>42.5</c>.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>Renders <paramref name="plot"/> as PNG bytes of <see cref="PlotOptions.PixelWidth"/> × <see cref="PlotOptions.PixelHeight"/>.</summary>
    public static byte[] Png(Plot plot, PlotOptions options)
    {
        // ScottPlot draws text, lines and margins ScaleFactor times larger on the pixel canvas it is given.
        plot.ScaleFactor = options.Scale;
        return plot.GetImageBytes(options.PixelWidth, options.PixelHeight, ImageFormat.Png);
    }

    /// <summary>Writes PNG bytes to <paramref name="path"/> atomically (a reader never sees half an image).</summary>
    public static void Save(string path, byte[] png)
    {
        try
        {
            AtomicFile.WriteAllBytes(path, png);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write '{path}': {e.Message}", e);
        }
    }
}
