using System.Text.RegularExpressions;

namespace MlNetSer.Data.Formats;

/// <summary>
/// <c>folders</c>: one sub-folder per label (<c>angry/x.wav</c>, <c>Happy/y.wav</c>, deeper folders allowed), named by
/// a vocabulary label or a synonym (see <see cref="EmotionLabels"/>). The speaker comes from
/// <see cref="DatasetReadOptions.SpeakerPattern"/>; without one each file is its own speaker.
/// </summary>
internal sealed class LabelFoldersFormat : DatasetFormat
{
    private Regex? _speakerPattern;

    /// <inheritdoc/>
    public override string Name => "folders";

    /// <inheritdoc/>
    public override IReadOnlyList<string> DefaultExtensions { get; } = [".wav", ".mp3", ".flac", ".ogg", ".m4a"];

    /// <inheritdoc/>
    public override void Prepare(IReadOnlyList<DatasetFile> files, DatasetReadOptions options)
        => _speakerPattern = options.SpeakerPattern is null ? null : new Regex(options.SpeakerPattern, RegexOptions.CultureInvariant);

    /// <inheritdoc/>
    public override DatasetFileLabel Describe(DatasetFile file)
    {
        if (file.Folders.Count == 0)
            return DatasetFileLabel.Rejected("not in a label sub-folder.");
        var label = EmotionLabels.Normalize(file.Folders[0]);
        if (label is null)
            return DatasetFileLabel.Rejected($"the folder '{file.Folders[0]}' is not an emotion label ({string.Join(", ", EmotionLabels.All)} or a synonym); use a CSV manifest for other labels.");
        if (_speakerPattern is null)
            return DatasetFileLabel.Of(label, string.Join('/', [.. file.Folders, file.Stem]));

        var match = _speakerPattern.Match(file.Name);
        if (!match.Success)
            return DatasetFileLabel.Rejected($"the speaker pattern '{_speakerPattern}' does not match the file name.");
        var group = match.Groups["speaker"] is { Success: true } named ? named : match.Groups.Count > 1 ? match.Groups[1] : match.Groups[0];
        return group.Value.Length == 0
            ? DatasetFileLabel.Rejected($"the speaker pattern '{_speakerPattern}' matches an empty speaker.")
            : DatasetFileLabel.Of(label, group.Value);
    }
}
