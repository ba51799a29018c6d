namespace MlNetSer.Data.Formats;

/// <summary>
/// Turns a dataset folder laid out as a known corpus (RAVDESS, CREMA-D, EmoDB, TESS, AFEW, or one sub-folder
/// per label) into a <see cref="SerManifest"/> with normalised labels.
/// </summary>
public static class DatasetFormats
{
    /// <summary>The format names <see cref="Read"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["folders", "ravdess", "cremad", "emodb", "tess", "afew"];

    /// <summary>Scans <paramref name="folder"/> as the corpus format <paramref name="format"/>.</summary>
    /// <param name="folder">The dataset's root folder.</param>
    /// <param name="format">One of <see cref="Names"/>.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <returns>The manifest (its <see cref="SerManifest.File"/> is the folder); files that could not be used are its problems.</returns>
    public static SerManifest Read(string folder, string format, DatasetReadOptions? options = null)
        => throw new NotImplementedException("dataset formats: being written (issue 5).");
}
