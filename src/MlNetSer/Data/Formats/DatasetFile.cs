namespace MlNetSer.Data.Formats;

/// <summary>One file found under a dataset folder, as a format sees it.</summary>
/// <param name="Path">The file, absolute.</param>
/// <param name="Folders">The folders between the dataset folder and the file, outermost first.</param>
/// <param name="Stem">The file name without its extension.</param>
/// <param name="Extension">The extension, lower case, with the dot.</param>
internal sealed record DatasetFile(string Path, IReadOnlyList<string> Folders, string Stem, string Extension)
{
    /// <summary>The file name.</summary>
    public string Name => System.IO.Path.GetFileName(Path);
}
