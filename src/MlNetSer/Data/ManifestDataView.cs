using Microsoft.ML;

namespace MlNetSer.Data;

/// <summary>
/// Manifest entries as an ML.NET <see cref="IDataView"/> with the text columns <c>Path</c>, <c>Label</c>,
/// <c>Speaker</c> and <c>Split</c> (<c>train</c>, <c>test</c>, <c>validation</c> or empty), ready for
/// <c>SerLoadAudio("Samples", "Path")</c> and <c>MapValueToKey("Label")</c>. (ML.NET cannot load the
/// entries' enum property directly.)
/// </summary>
public static class ManifestDataView
{
    /// <summary>Loads <paramref name="entries"/> (e.g. one part of a <see cref="ProtocolFold"/>) in their order.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="entries">The utterances.</param>
    public static IDataView Load(MLContext mlContext, IEnumerable<SerManifestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(entries);
        return mlContext.Data.LoadFromEnumerable(entries.Select(e => new Row
        {
            Path = e.Path,
            Label = e.Label,
            Speaker = e.Speaker,
            Split = SplitName(e.Split),
        }).ToArray());
    }

    /// <summary>The manifest spelling of a split: <c>train</c>, <c>test</c>, <c>validation</c>, or empty for none.</summary>
    /// <param name="split">The split.</param>
    public static string SplitName(ManifestSplit split) => split switch
    {
        ManifestSplit.Train => "train",
        ManifestSplit.Test => "test",
        ManifestSplit.Validation => "validation",
        _ => "",
    };

    /// <summary>One row of the data view.</summary>
    public sealed class Row
    {
        /// <summary>The audio file (absolute).</summary>
        public string Path { get; set; } = "";

        /// <summary>The emotion label.</summary>
        public string Label { get; set; } = "";

        /// <summary>The speaker.</summary>
        public string Speaker { get; set; } = "";

        /// <summary>The split, as spelled in manifests (empty for none).</summary>
        public string Split { get; set; } = "";
    }
}
