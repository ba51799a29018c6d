namespace MlNetSer.Transforms;

/// <summary>
/// Base of the MlNetSer estimators that read one input column and write one output column
/// (<see cref="SerResampleAudioEstimator"/>, and through <see cref="SerOptionsEstimator{TOptions}"/> the
/// loading and segmenting transforms).
/// </summary>
public abstract class SerColumnEstimator : SerEstimatorBase
{
    /// <exception cref="ArgumentException">A column name is null or empty.</exception>
    private protected SerColumnEstimator(string outputColumnName, string inputColumnName)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
    }

    /// <summary>The column this transform produces.</summary>
    public string OutputColumnName { get; }

    /// <summary>The column this transform reads.</summary>
    public string InputColumnName { get; }
}
