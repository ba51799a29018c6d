using System.Text.RegularExpressions;

namespace MlNetSer.Data.Formats;

/// <summary>
/// RAVDESS: <c>Actor_12/03-01-06-01-02-01-12.wav</c>, seven two-digit codes: modality (01 audio-visual,
/// 02 video-only, 03 audio-only), vocal channel (01 speech, 02 song), emotion (01 neutral, 02 calm, 03 happy,
/// 04 sad, 05 angry, 06 fearful, 07 disgust, 08 surprised), intensity, statement, repetition, actor (01–24).
/// The speaker is <c>Actor_NN</c> from the file name. Video-only clips have no audio and are reported; an
/// audio-visual <c>.mp4</c> is read through ffmpeg unless its audio-only twin (<c>03-…</c>) is there too,
/// which is then read instead (the twin is reported, so nothing is counted twice).
/// </summary>
internal sealed partial class RavdessFormat : DatasetFormat
{
    private static readonly string[] Emotions =
        [EmotionLabels.Neutral, EmotionLabels.Calm, EmotionLabels.Joy, EmotionLabels.Sadness, EmotionLabels.Anger, EmotionLabels.Fear, EmotionLabels.Disgust, EmotionLabels.Surprise];

    private HashSet<string> _audioOnly = [];

    /// <inheritdoc/>
    public override string Name => "ravdess";

    /// <inheritdoc/>
    public override IReadOnlyList<string> DefaultExtensions { get; } = [".wav", ".mp4"];

    /// <inheritdoc/>
    public override void Prepare(IReadOnlyList<DatasetFile> files, DatasetReadOptions options)
        => _audioOnly = files.Where(f => f.Stem.StartsWith("03-", StringComparison.Ordinal)).Select(f => f.Stem[3..]).ToHashSet(StringComparer.Ordinal);

    /// <inheritdoc/>
    public override DatasetFileLabel Describe(DatasetFile file)
    {
        var match = CodePattern().Match(file.Stem);
        if (!match.Success)
            return DatasetFileLabel.Rejected("not a RAVDESS file name (seven two-digit codes modality-channel-emotion-intensity-statement-repetition-actor, e.g. 03-01-06-01-02-01-12.wav).");

        var modality = match.Groups["modality"].Value;
        var emotion = int.Parse(match.Groups["emotion"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var actor = match.Groups["actor"].Value;
        if (modality == "02")
            return DatasetFileLabel.Rejected("a video-only clip (modality 02): it has no audio track.");
        if (modality == "01" && _audioOnly.Contains(file.Stem[3..]))
            return DatasetFileLabel.Rejected($"the audio-visual copy (modality 01) of 03-{file.Stem[3..]}, which is read instead.");
        if (modality is not ("01" or "03"))
            return DatasetFileLabel.Rejected($"unknown modality code {modality} (01 audio-visual, 02 video-only, 03 audio-only).");
        if (match.Groups["channel"].Value is not ("01" or "02"))
            return DatasetFileLabel.Rejected($"unknown vocal channel code {match.Groups["channel"].Value} (01 speech, 02 song).");
        if (emotion is < 1 or > 8)
            return DatasetFileLabel.Rejected($"unknown emotion code {match.Groups["emotion"].Value} (01 neutral … 08 surprised).");
        if (actor == "00")
            return DatasetFileLabel.Rejected("actor code 00 (actors are 01 to 24).");
        return DatasetFileLabel.Of(Emotions[emotion - 1], $"Actor_{actor}");
    }

    [GeneratedRegex(@"^(?<modality>\d{2})-(?<channel>\d{2})-(?<emotion>\d{2})-\d{2}-\d{2}-\d{2}-(?<actor>\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
