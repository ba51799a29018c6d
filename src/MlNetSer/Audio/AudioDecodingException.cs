namespace MlNetSer.Audio;

/// <summary>
/// Thrown when an audio file cannot be read: it is missing, is a directory, is empty or truncated,
/// declares an impossible format (zero channels, sample rate 0), holds NaN or infinite samples,
/// or is not audio at all. <see cref="Exception.Message"/> names the file and the problem.
/// </summary>
public sealed class AudioDecodingException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/> with a short description of <paramref name="problem"/>.</summary>
    public AudioDecodingException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file that could not be read.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it, without the path.</summary>
    public string Problem { get; }
}
