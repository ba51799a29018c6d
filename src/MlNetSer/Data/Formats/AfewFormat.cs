namespace MlNetSer.Data.Formats;

/// <summary>
/// AFEW 5.0/7.0 (EmotiW): <c>Train/Angry/000046280.avi</c>, <c>Val/Happy/002350440.avi</c>; emotion folders Angry,
/// Disgust, Fear, Happy, Neutral, Sad, Surprise. <c>Train</c> becomes split train and <c>Val</c> split test (the paper
/// trains on Train and reports on Val); AFEW's own Test clips carry no labels and are reported. The audio track is
/// decoded through ffmpeg. AFEW has no speaker ids: each clip is its own speaker (its file name), so speaker-grouped
/// folds over AFEW are not speaker-independent; the split column is AFEW's protocol.
/// </summary>
internal sealed class AfewFormat : DatasetFormat
{
    /// <inheritdoc/>
    public override string Name => "afew";

    /// <inheritdoc/>
    public override IReadOnlyList<string> DefaultExtensions { get; } = [".avi", ".mp4"];

    /// <inheritdoc/>
    public override DatasetFileLabel Describe(DatasetFile file)
    {
        // AFEW 7.0's Test folder is flat: its clips have no emotion folder, and no label anywhere.
        if (file.Folders.TakeLast(2).Any(f => f.Equals("test", StringComparison.OrdinalIgnoreCase)))
            return DatasetFileLabel.Rejected("an AFEW Test clip: the Test set's labels are not published.");

        // Split and emotion are the two folders above the clip, so a wrapping folder (AFEW_5.0/Train/…) does not matter.
        if (file.Folders.Count < 2)
            return DatasetFileLabel.Rejected("not in a Train/<Emotion>/ or Val/<Emotion>/ folder.");
        var splitFolder = file.Folders[^2];
        var split = splitFolder.ToLowerInvariant() switch
        {
            "train" => ManifestSplit.Train,
            "val" or "validation" => ManifestSplit.Test,
            _ => ManifestSplit.None,
        };
        if (split == ManifestSplit.None)
            return DatasetFileLabel.Rejected($"in the folder '{splitFolder}', which is neither Train nor Val.");

        var label = EmotionLabels.Normalize(file.Folders[^1]);
        return label is null
            ? DatasetFileLabel.Rejected($"unknown AFEW emotion folder '{file.Folders[^1]}' (Angry, Disgust, Fear, Happy, Neutral, Sad, Surprise).")
            : DatasetFileLabel.Of(label, file.Stem, split);
    }
}
