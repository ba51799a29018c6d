using Spectre.Console;

namespace MlNetSer.Cli;

/// <summary>
/// A <see cref="ProgressDisplay"/> on an interactive terminal: Spectre.Console bars with description, bar,
/// percentage, rate and time left, redrawn in place; messages (and results, when standard output is the same
/// terminal) are written above the bars through the same console so they do not tear it.
/// </summary>
public sealed class LiveProgressDisplay : ProgressDisplay
{
    private readonly IAnsiConsole _console;
    private readonly TextWriter _output;
    private readonly bool _outputIsTerminal;
    private readonly Dictionary<ProgressBar, ProgressTask> _tasks = [];
    private ProgressContext? _context;

    /// <summary>Shows bars on <paramref name="progress"/> (an interactive terminal); results go to <paramref name="output"/>.</summary>
    public LiveProgressDisplay(TextWriter progress, TextWriter output)
    {
        _console = Terminal.CreateConsole(progress);
        _output = output;
        _outputIsTerminal = Terminal.IsInteractive(output);
    }

    /// <inheritdoc/>
    public override T Run<T>(Func<T> body)
        => _console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                _context = context;
                using var shown = Show();
                try
                {
                    return body();
                }
                finally
                {
                    _context = null;
                }
            });

    /// <inheritdoc/>
    public override ProgressBar AddBar(string description, double total, string unit, double printEvery = 1, string? secondaryUnit = null)
    {
        var context = _context ?? throw new InvalidOperationException("Bars are added inside ProgressDisplay.Run.");
        var bar = new ProgressBar(description, total, unit, secondaryUnit, Changed);
        var task = context.AddTask(Markup.Escape(description), autoStart: true, maxValue: Math.Max(total, double.Epsilon));
        task.Tag = bar;
        lock (_tasks)
            _tasks[bar] = task;
        return bar;
    }

    /// <inheritdoc/>
    public override void Message(string line)
    {
        lock (_console)
            _console.MarkupLine(Markup.Escape(line));
    }

    /// <inheritdoc/>
    public override void Result(string line)
    {
        if (_outputIsTerminal)
        {
            Message(line);
            return;
        }

        lock (_output)
            _output.WriteLine(line);
    }

    private void Changed(ProgressBar bar, ProgressChange change)
    {
        ProgressTask task;
        lock (_tasks)
            task = _tasks[bar];
        task.Description = Markup.Escape(bar.Status is null ? bar.Description : $"{bar.Description} ({bar.Status})");
        if (bar.IsComplete)
        {
            // Early stopping ends below the total: the bar shows full once the work is done.
            task.MaxValue = Math.Max(bar.Value, double.Epsilon);
            task.Value = task.MaxValue;
            task.StopTask();
        }
        else
        {
            task.Value = bar.Value;
        }
    }
}
