namespace MlNetSer.Data;

/// <summary>Options of <see cref="SerManifest.Read(string, SerManifestOptions?)"/>.</summary>
public sealed class SerManifestOptions
{
    /// <summary>
    /// Check that every audio file exists; a missing one becomes a <see cref="ManifestProblem"/> and its row
    /// is left out. Default true.
    /// </summary>
    public bool CheckFilesExist { get; set; } = true;
}
