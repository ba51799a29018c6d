namespace MlNetSer.Data.Formats;

/// <summary>What a format read from a file's name and place: its label, speaker and split, or why it cannot be used.</summary>
internal readonly record struct DatasetFileLabel(string? Label, string? Speaker, ManifestSplit Split, string? Problem)
{
    public static DatasetFileLabel Of(string label, string speaker, ManifestSplit split = ManifestSplit.None) => new(label, speaker, split, null);

    public static DatasetFileLabel Rejected(string problem) => new(null, null, ManifestSplit.None, problem);
}
