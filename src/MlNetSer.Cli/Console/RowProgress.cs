namespace MlNetSer.Cli;

/// <summary>Counts scored rows on a bar (the evaluation reports how many rows it has read so far).</summary>
internal sealed class RowProgress(ProgressBar bar) : IProgress<int>
{
    private int _reported;

    /// <inheritdoc/>
    public void Report(int rows)
    {
        bar.Increment(rows - _reported);
        _reported = rows;
    }
}
