namespace MlNetSer.Data.Formats;

/// <summary>
/// One corpus layout: which files it reads and how a file's name and folders give its label, speaker and split.
/// An instance reads one folder (<see cref="Prepare"/> may remember what it needs from the whole file list).
/// </summary>
internal abstract class DatasetFormat
{
    /// <summary>The name <c>--format</c> takes.</summary>
    public abstract string Name { get; }

    /// <summary>The extensions read when <see cref="DatasetReadOptions.AudioExtensions"/> is null.</summary>
    public virtual IReadOnlyList<string> DefaultExtensions { get; } = [".wav"];

    /// <summary>Sees every file to be read before the first <see cref="Describe"/>, for formats that compare files.</summary>
    public virtual void Prepare(IReadOnlyList<DatasetFile> files, DatasetReadOptions options)
    {
    }

    /// <summary>Labels one file from its name and folders.</summary>
    public abstract DatasetFileLabel Describe(DatasetFile file);
}
