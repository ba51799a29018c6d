namespace MlNetSer.Synthesis;

/// <summary>
/// The speech engine that <see cref="SpeechEngineCorpus"/> drives (espeak-ng) is missing, cannot be started, or
/// failed on an utterance; the message says which and, when it is missing, how to install it.
/// </summary>
public sealed class SpeechEngineException : Exception
{
    /// <summary>An error with this message.</summary>
    public SpeechEngineException(string message)
        : base(message)
    {
    }

    /// <summary>An error with this message, caused by <paramref name="innerException"/>.</summary>
    public SpeechEngineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
