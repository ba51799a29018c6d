namespace MlNetSer.Data;

/// <summary>A row of a manifest that could not be used; the other rows still are.</summary>
/// <param name="File">The manifest file, or the audio file itself for a problem found scanning a dataset folder.</param>
/// <param name="Line">The 1-based line; 0 when the problem is about <paramref name="File"/> as a whole.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ManifestProblem(string File, int Line, string Message)
{
    /// <summary><c>file, line N: message</c>, or <c>file: message</c> for line 0.</summary>
    public override string ToString() => Line > 0 ? $"{File}, line {Line}: {Message}" : $"{File}: {Message}";
}
