namespace MlNetSer.Training;

/// <summary>One row of an <see cref="UtteranceManifest"/>.</summary>
/// <param name="Utterance">The utterance's name.</param>
/// <param name="Label">Its emotion label.</param>
/// <param name="Speaker">Its speaker.</param>
/// <param name="Segments">How many consecutive segments of the segment file belong to it.</param>
public sealed record UtteranceManifestRow(string Utterance, string Label, string Speaker, int Segments);
