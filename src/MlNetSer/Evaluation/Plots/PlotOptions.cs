namespace MlNetSer.Evaluation.Plots;

/// <summary>Size and resolution of the PNG plots (<see cref="ConfusionMatrixPlot"/>, <see cref="TrainingCurvesPlot"/>, <see cref="FusionWeightGridPlot"/>).</summary>
public sealed class PlotOptions
{
    /// <summary>Width of the figure in layout pixels (default 800). The PNG is <see cref="Width"/> × <see cref="Scale"/> pixels wide.</summary>
    public int Width { get; set; } = 800;

    /// <summary>Height of the figure in layout pixels (default 600). The PNG is <see cref="Height"/> × <see cref="Scale"/> pixels high.</summary>
    public int Height { get; set; } = 600;

    /// <summary>
    /// Resolution multiplier, the "dpi" of the plot (default 1): 2 draws the same layout with twice the pixels,
    /// text and line widths, for print or high-density screens. Between 0.25 and 8.
    /// </summary>
    public double Scale { get; set; } = 1;

    /// <summary>The PNG's width in pixels.</summary>
    public int PixelWidth => (int)Math.Round(Width * Scale);

    /// <summary>The PNG's height in pixels.</summary>
    public int PixelHeight => (int)Math.Round(Height * Scale);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Width is < 100 or > 10_000)
            throw new ArgumentException($"Width must be between 100 and 10000 pixels (got {Width}).", nameof(Width));
        if (Height is < 100 or > 10_000)
            throw new ArgumentException($"Height must be between 100 and 10000 pixels (got {Height}).", nameof(Height));
        if (!(Scale >= 0.25 && Scale <= 8))
            throw new ArgumentException($"Scale must be between 0.25 and 8 (got {Scale}).", nameof(Scale));
    }
}
