using System.Diagnostics;
using System.Globalization;

namespace MlNetSer.Cli;

/// <summary>
/// One piece of work on a <see cref="ProgressDisplay"/>: a count towards a total (files, epochs, rows), an
/// optional second count (e.g. seconds of audio), its rates and the estimated time left. Thread-safe.
/// </summary>
public sealed class ProgressBar
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Action<ProgressBar, ProgressChange> _changed;
    private readonly object _gate = new();

    internal ProgressBar(string description, double total, string unit, string? secondaryUnit, Action<ProgressBar, ProgressChange> changed)
    {
        Description = description;
        Total = total;
        Unit = unit;
        SecondaryUnit = secondaryUnit;
        _changed = changed;
    }

    /// <summary>What the work is, e.g. "features" or "1d".</summary>
    public string Description { get; }

    /// <summary>The count at which the work is done.</summary>
    public double Total { get; }

    /// <summary>The unit of the count, plural: "files", "epochs".</summary>
    public string Unit { get; }

    /// <summary>The unit of the second count (e.g. "audio-s"), or null without one.</summary>
    public string? SecondaryUnit { get; }

    /// <summary>The count so far.</summary>
    public double Value { get; private set; }

    /// <summary>The second count so far.</summary>
    public double SecondaryValue { get; private set; }

    /// <summary>The latest status text (e.g. "loss 0.51, validation accuracy 0.62"), or null.</summary>
    public string? Status { get; private set; }

    /// <summary>Whether <see cref="Complete"/> was called.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>Time since the bar was added.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Where the bar started (see <see cref="StartFrom"/>): work done before it is not part of the rate.</summary>
    public double Start { get; private set; }

    /// <summary>Count per second so far.</summary>
    public double Rate => PerSecond(Value - Start);

    /// <summary>Second count per second so far.</summary>
    public double SecondaryRate => PerSecond(SecondaryValue);

    /// <summary>Time left at the rate so far; null before any progress.</summary>
    public TimeSpan? Remaining => Value >= Total ? TimeSpan.Zero
        : Value > Start ? TimeSpan.FromSeconds(Elapsed.TotalSeconds * (Total - Value) / (Value - Start))
        : null;

    /// <summary>Starts the bar at <paramref name="value"/> (e.g. the epochs of a checkpoint resumed from), outside the rate.</summary>
    public void StartFrom(double value)
    {
        lock (_gate)
            Value = Start = value;
        _changed(this, ProgressChange.Moved);
    }

    /// <summary>Adds to the count (one file done, one row scored); a plain display prints a line every so many.</summary>
    public void Increment(double amount = 1, double secondary = 0)
    {
        lock (_gate)
        {
            Value += amount;
            SecondaryValue += secondary;
        }

        _changed(this, ProgressChange.Counted);
    }

    /// <summary>Moves the bar to <paramref name="value"/> (e.g. part of an epoch) without a line on a plain display.</summary>
    public void Advance(double value, string? status = null)
    {
        lock (_gate)
        {
            Value = value;
            Status = status ?? Status;
        }

        _changed(this, ProgressChange.Moved);
    }

    /// <summary>A milestone (an epoch ended): moves the bar to <paramref name="value"/>; a plain display prints it as a line.</summary>
    public void Step(double value, string? status = null)
    {
        lock (_gate)
        {
            Value = value;
            Status = status ?? Status;
        }

        _changed(this, ProgressChange.Milestone);
    }

    /// <summary>Marks the work done (also when it ends before <see cref="Total"/>, e.g. early stopping).</summary>
    public void Complete(string? status = null)
    {
        lock (_gate)
        {
            if (IsComplete)
                return;
            IsComplete = true;
            Status = status ?? Status;
        }

        _clock.Stop();
        _changed(this, ProgressChange.Milestone);
    }

    /// <summary>"1d: 3/10 epochs, loss 0.51, 0.8 epochs/s, eta 00:00:09": the line a plain display prints.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            var invariant = CultureInfo.InvariantCulture;
            var parts = new List<string>
            {
                IsComplete
                    ? string.Create(invariant, $"{Description}: done, {Count(Value)} {Unit} in {Clock(Elapsed)}")
                    : string.Create(invariant, $"{Description}: {Count(Value)}/{Count(Total)} {Unit}"),
            };
            if (Status is not null)
                parts.Add(Status);
            parts.Add(RateText());
            if (!IsComplete && Remaining is { } remaining)
                parts.Add($"eta {Clock(remaining)}");
            return string.Join(", ", parts);
        }
    }

    /// <summary>"2.5 files/s, 31.0 audio-s/s".</summary>
    public string RateText()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Rate:0.0} {Unit}/s");
        return SecondaryUnit is null ? text : text + string.Create(CultureInfo.InvariantCulture, $", {SecondaryRate:0.0} {SecondaryUnit}/s");
    }

    /// <summary>hh:mm:ss.</summary>
    public static string Clock(TimeSpan time)
        => string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}");

    private double PerSecond(double count) => Elapsed.TotalSeconds > 0 ? count / Elapsed.TotalSeconds : 0;

    private static string Count(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);
}
