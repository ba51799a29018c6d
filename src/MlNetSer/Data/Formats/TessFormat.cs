namespace MlNetSer.Data.Formats;

/// <summary>
/// TESS (Toronto emotional speech set): <c>OAF_angry/OAF_back_angry.wav</c>, <c>YAF_pleasant_surprised/YAF_dog_ps.wav</c>:
/// speaker prefix (OAF older, YAF younger talker), the word, the emotion suffix (angry, disgust, fear, happy, neutral,
/// ps = pleasant surprise, sad). The label comes from the file name's suffix, because the real folders' names vary
/// in case and spelling (<c>OAF_Fear</c>, <c>YAF_pleasant_surprise</c>); the folder is the fallback. A speaker prefix
/// cut short (<c>OA_bite_neutral.wav</c>) is read as the full one.
/// </summary>
internal sealed class TessFormat : DatasetFormat
{
    /// <inheritdoc/>
    public override string Name => "tess";

    /// <inheritdoc/>
    public override DatasetFileLabel Describe(DatasetFile file)
    {
        var parts = file.Stem.Split('_');
        var folder = file.Folders.Count > 0 ? file.Folders[^1] : "";
        var folderParts = folder.Split('_', 2);
        var speaker = Speaker(parts[0]) ?? Speaker(folderParts[0]);
        if (parts.Length < 2 || speaker is null)
            return DatasetFileLabel.Rejected("not a TESS file name (speaker_word_emotion with speaker OAF or YAF, e.g. OAF_back_angry.wav).");

        var label = EmotionLabels.Normalize(parts[^1]) ?? (folderParts.Length == 2 ? EmotionLabels.Normalize(folderParts[1]) : null);
        return label is null
            ? DatasetFileLabel.Rejected($"unknown TESS emotion '{parts[^1]}' (angry, disgust, fear, happy, neutral, ps, sad).")
            : DatasetFileLabel.Of(label, speaker);
    }

    private static string? Speaker(string prefix) => prefix.ToUpperInvariant() switch
    {
        "OAF" or "OA" => "OAF",
        "YAF" or "YA" => "YAF",
        _ => null,
    };
}
