namespace MlNetSer.Training;

/// <summary>A checkpoint exists but cannot be used: it is corrupt or truncated, or it belongs to a different run.</summary>
public sealed class TrainingCheckpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="message">What is wrong and what to do (the path is prepended).</param>
    /// <param name="inner">The underlying error, if any.</param>
    public TrainingCheckpointException(string path, string message, Exception? inner = null)
        : base($"{path}: {message}", inner)
    {
        CheckpointPath = path;
    }

    /// <summary>The checkpoint file.</summary>
    public string CheckpointPath { get; }
}
