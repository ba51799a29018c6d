using System.Text.RegularExpressions;

namespace MlNetSer.Data.Formats;

/// <summary>
/// EmoDB (Berlin): <c>wav/03a01Fa.wav</c> = speaker (two digits), text (a01–a05, b01–b10), emotion letter of the
/// German name (W Wut anger, L Langeweile boredom, E Ekel disgust, A Angst fear, F Freude joy, T Trauer sadness,
/// N neutral), version letter. The speaker is the two digits.
/// </summary>
internal sealed partial class EmodbFormat : DatasetFormat
{
    private static readonly Dictionary<char, string> Emotions = new()
    {
        ['W'] = EmotionLabels.Anger,
        ['L'] = EmotionLabels.Boredom,
        ['E'] = EmotionLabels.Disgust,
        ['A'] = EmotionLabels.Fear,
        ['F'] = EmotionLabels.Joy,
        ['T'] = EmotionLabels.Sadness,
        ['N'] = EmotionLabels.Neutral,
    };

    /// <inheritdoc/>
    public override string Name => "emodb";

    /// <inheritdoc/>
    public override DatasetFileLabel Describe(DatasetFile file)
    {
        var match = NamePattern().Match(file.Stem);
        if (!match.Success)
            return DatasetFileLabel.Rejected("not an EmoDB file name (speaker, text, emotion letter, version, e.g. 03a01Fa.wav).");
        var letter = match.Groups["emotion"].Value[0];
        return Emotions.TryGetValue(letter, out var label)
            ? DatasetFileLabel.Of(label, match.Groups["speaker"].Value)
            : DatasetFileLabel.Rejected($"unknown EmoDB emotion letter '{letter}' (W anger, L boredom, E disgust, A fear, F joy, T sadness, N neutral).");
    }

    // The emotion letter is upper case and the version lower case in every EmoDB name; that is what tells them apart.
    [GeneratedRegex(@"^(?<speaker>\d{2})(?<text>[ab]\d{2})(?<emotion>[A-Z])(?<version>[a-z])$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
