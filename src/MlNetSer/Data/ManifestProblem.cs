namespace MlNetSer.Data;

/// <summary>A row of a manifest that could not be used; the other rows still are.</summary>
/// <param name="File">The manifest file.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ManifestProblem(string File, int Line, string Message)
{
    /// <summary><c>file, line N: message</c>.</summary>
    public override string ToString() => $"{File}, line {Line}: {Message}";
}
