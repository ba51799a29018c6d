namespace MlNetSer.Cli;

/// <summary>How a <see cref="ProgressBar"/> changed, which decides whether a plain display prints a line.</summary>
public enum ProgressChange
{
    /// <summary>Work was counted (<see cref="ProgressBar.Increment"/>): a line every so many.</summary>
    Counted,

    /// <summary>The bar moved (<see cref="ProgressBar.Advance"/>): live displays only.</summary>
    Moved,

    /// <summary>A milestone or the end (<see cref="ProgressBar.Step"/>, <see cref="ProgressBar.Complete"/>): always a line.</summary>
    Milestone,
}
