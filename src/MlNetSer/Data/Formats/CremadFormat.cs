using System.Text.RegularExpressions;

namespace MlNetSer.Data.Formats;

/// <summary>
/// CREMA-D: <c>AudioWAV/1001_DFA_ANG_XX.wav</c> = ActorID (1001–1091) _ Sentence (three letters) _ Emotion
/// (ANG, DIS, FEA, HAP, NEU, SAD) _ Level (LO, MD, HI, XX unspecified). The speaker is the actor id.
/// </summary>
internal sealed partial class CremadFormat : DatasetFormat
{
    private static readonly Dictionary<string, string> Emotions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ANG"] = EmotionLabels.Anger,
        ["DIS"] = EmotionLabels.Disgust,
        ["FEA"] = EmotionLabels.Fear,
        ["HAP"] = EmotionLabels.Joy,
        ["NEU"] = EmotionLabels.Neutral,
        ["SAD"] = EmotionLabels.Sadness,
    };

    /// <inheritdoc/>
    public override string Name => "cremad";

    /// <inheritdoc/>
    public override DatasetFileLabel Describe(DatasetFile file)
    {
        var match = NamePattern().Match(file.Stem);
        if (!match.Success)
            return DatasetFileLabel.Rejected("not a CREMA-D file name (ActorID_Sentence_Emotion_Level, e.g. 1001_DFA_ANG_XX.wav).");
        if (!Emotions.TryGetValue(match.Groups["emotion"].Value, out var label))
            return DatasetFileLabel.Rejected($"unknown CREMA-D emotion code '{match.Groups["emotion"].Value}' (ANG, DIS, FEA, HAP, NEU, SAD).");
        if (match.Groups["level"].Value.ToUpperInvariant() is not ("LO" or "MD" or "HI" or "XX"))
            return DatasetFileLabel.Rejected($"unknown CREMA-D intensity level '{match.Groups["level"].Value}' (LO, MD, HI, XX).");
        return DatasetFileLabel.Of(label, match.Groups["actor"].Value);
    }

    [GeneratedRegex(@"^(?<actor>\d{4})_(?<sentence>[A-Za-z]{3})_(?<emotion>[A-Za-z]{3})_(?<level>[A-Za-z]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
