namespace MlNetSer.Transforms;

/// <summary>
/// Base of the one-column MlNetSer estimators configured by an options object
/// (<see cref="SerLoadAudioEstimator"/>, <see cref="SerWaveformSegmentsEstimator"/>,
/// <see cref="SerMelSegmentsEstimator"/>, <see cref="SerMelClipsEstimator"/>).
/// </summary>
/// <typeparam name="TOptions">The options class; the model zip carries it as JSON.</typeparam>
public abstract class SerOptionsEstimator<TOptions> : SerColumnEstimator
    where TOptions : class
{
    /// <summary>Checks the column names and <paramref name="options"/>, then keeps a private copy of the options.</summary>
    /// <param name="outputColumnName">The column to produce.</param>
    /// <param name="inputColumnName">The column to read.</param>
    /// <param name="options">The caller's options; later changes to this object do not reach the estimator.</param>
    /// <param name="validate">Throws <see cref="ArgumentException"/> naming the first invalid option.</param>
    /// <exception cref="ArgumentException">A column name is empty or an option is invalid.</exception>
    private protected SerOptionsEstimator(string outputColumnName, string inputColumnName, TOptions options, Action<TOptions> validate)
        : base(outputColumnName, inputColumnName)
    {
        ArgumentNullException.ThrowIfNull(options);
        validate(options);
        // Copied through the same JSON the model carries, so what runs now is what a loaded model runs.
        CurrentOptions = CarriedOptions.Copy(options);
    }

    /// <summary>The estimator's own copy of the options; never handed out (callers get <see cref="CopyOfOptions"/>).</summary>
    private protected TOptions CurrentOptions { get; }

    /// <summary>A fresh copy of the options in use, for public <c>Options</c> properties.</summary>
    private protected TOptions CopyOfOptions() => CarriedOptions.Copy(CurrentOptions);
}
