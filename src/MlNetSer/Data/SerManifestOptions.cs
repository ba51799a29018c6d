namespace MlNetSer.Data;

/// <summary>Options of <see cref="SerManifest.Read(string, SerManifestOptions?)"/>.</summary>
public sealed class SerManifestOptions
{
    /// <summary>
    /// Check that every audio file exists and is a regular file (not a folder, FIFO, socket or device, which are never
    /// opened); otherwise the row becomes a <see cref="ManifestProblem"/> and is left out. Default true. Whether the
    /// file decodes is <see cref="ManifestAudioCheck"/>'s question.
    /// </summary>
    public bool CheckFilesExist { get; set; } = true;
}
