namespace MlNetSer.Data;

/// <summary>One utterance of a <see cref="SerManifest"/>.</summary>
/// <param name="Path">The audio file, absolute (a relative path in the CSV is taken from the manifest's folder).</param>
/// <param name="Label">The emotion label.</param>
/// <param name="Speaker">The speaker identity.</param>
/// <param name="Split">The split column's value, or <see cref="ManifestSplit.None"/>.</param>
/// <param name="Line">The 1-based line of the CSV it came from.</param>
public sealed record SerManifestEntry(string Path, string Label, string Speaker, ManifestSplit Split, int Line);
