using System.CommandLine;

namespace MlNetSer.Cli;

/// <summary>
/// Where a command shows its progress: on standard error, so that standard output holds only results (and
/// nothing but JSON under <c>--json</c>). Live Spectre.Console bars with rate and time left when standard
/// error is an interactive terminal; plain lines otherwise (tests, pipes, CI logs: no ANSI escapes); nothing
/// under <c>--quiet</c>. Results go through <see cref="Result"/> so that they do not tear a live display.
/// </summary>
public abstract class ProgressDisplay
{
    /// <summary>Creates the display <paramref name="parse"/>'s writers and <c>--quiet</c> call for.</summary>
    public static ProgressDisplay Create(ParseResult parse)
    {
        var configuration = parse.InvocationConfiguration;
        if (parse.GetValue(CommonOptions.Quiet))
            return new PlainProgressDisplay(TextWriter.Null, configuration.Output);
        return Terminal.IsInteractive(configuration.Error)
            ? new LiveProgressDisplay(configuration.Error, configuration.Output)
            : new PlainProgressDisplay(configuration.Error, configuration.Output);
    }

    private static readonly AsyncLocal<ProgressDisplay?> Shown = new();

    /// <summary>
    /// The live display being shown on this flow of execution (worker threads started inside
    /// <see cref="Run{T}"/> included), or null: error lines must go through it, or its redraw would overwrite them.
    /// </summary>
    public static ProgressDisplay? Live => Shown.Value;

    /// <summary>Marks this display as shown until the returned scope is disposed (see <see cref="Live"/>).</summary>
    protected IDisposable Show()
    {
        var previous = Shown.Value;
        Shown.Value = this;
        return new Restore(() => Shown.Value = previous);
    }

    /// <summary>Runs <paramref name="body"/> with the display shown; bars are added inside it.</summary>
    public abstract T Run<T>(Func<T> body);

    /// <summary>Adds a bar of <paramref name="total"/> <paramref name="unit"/>.</summary>
    /// <param name="description">What the work is, e.g. "features".</param>
    /// <param name="total">The count at which it is done.</param>
    /// <param name="unit">The unit of the count, plural ("files").</param>
    /// <param name="printEvery">On a plain display, a line every this many counted by <see cref="ProgressBar.Increment"/>.</param>
    /// <param name="secondaryUnit">The unit of a second count whose rate is shown too (e.g. "audio-s").</param>
    public abstract ProgressBar AddBar(string description, double total, string unit, double printEvery = 1, string? secondaryUnit = null);

    /// <summary>A line about the progress (what is being trained on, a fold's stage); on standard error.</summary>
    public abstract void Message(string line);

    /// <summary>A result line for people, on standard output (not used under <c>--json</c>).</summary>
    public abstract void Result(string line);

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
