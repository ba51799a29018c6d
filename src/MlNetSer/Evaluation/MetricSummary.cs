namespace MlNetSer.Evaluation;

/// <summary>Mean and standard deviation of one figure across folds.</summary>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="StdDev">Sample standard deviation (divisor n − 1); 0 for a single fold.</param>
public sealed record MetricSummary(double Mean, double StdDev)
{
    /// <summary>Summarises <paramref name="values"/> (at least one).</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static MetricSummary Of(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new ArgumentException("A summary needs at least one value.", nameof(values));
        var mean = values.Average();
        if (values.Count == 1)
            return new MetricSummary(mean, 0);
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return new MetricSummary(mean, Math.Sqrt(variance));
    }
}
