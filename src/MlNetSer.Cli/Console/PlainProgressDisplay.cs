namespace MlNetSer.Cli;

/// <summary>
/// A <see cref="ProgressDisplay"/> for output that is not a terminal: one line per milestone (an epoch) and
/// every so many counted items, with rates and time left; no escape codes.
/// </summary>
public sealed class PlainProgressDisplay(TextWriter progress, TextWriter output) : ProgressDisplay
{
    private readonly Dictionary<ProgressBar, (double Every, long Printed)> _bars = [];

    /// <inheritdoc/>
    public override T Run<T>(Func<T> body) => body();

    /// <inheritdoc/>
    public override ProgressBar AddBar(string description, double total, string unit, double printEvery = 1, string? secondaryUnit = null)
    {
        var bar = new ProgressBar(description, total, unit, secondaryUnit, Changed);
        lock (_bars)
            _bars[bar] = (Math.Max(printEvery, double.Epsilon), 0);
        return bar;
    }

    /// <inheritdoc/>
    public override void Message(string line)
    {
        lock (progress)
            progress.WriteLine(line);
    }

    /// <inheritdoc/>
    public override void Result(string line)
    {
        lock (output)
            output.WriteLine(line);
    }

    private void Changed(ProgressBar bar, ProgressChange change)
    {
        bool print;
        lock (_bars)
        {
            var (every, printed) = _bars[bar];
            // Counted work prints when it crosses the next multiple of printEvery; milestones always.
            var bucket = (long)Math.Floor(bar.Value / every);
            print = change == ProgressChange.Milestone || (change == ProgressChange.Counted && bucket > printed);
            if (change == ProgressChange.Counted)
                _bars[bar] = (every, Math.Max(printed, bucket));
        }

        if (print)
            Message(bar.Describe());
    }
}
