namespace MlNetSer.Data.Formats;

/// <summary>What <see cref="DatasetFormats.Scan"/> found in a dataset folder.</summary>
/// <param name="Manifest">The usable utterances and the files reported as problems (file, no line).</param>
/// <param name="Format">The format name the folder was read as.</param>
/// <param name="LeftOutByLabel">Utterances of each label that <see cref="DatasetReadOptions.KeepLabels"/> left out.</param>
/// <param name="OtherFiles">Files without one of the audio extensions, not read (documentation, transcripts, …).</param>
public sealed record DatasetScan(SerManifest Manifest, string Format, IReadOnlyDictionary<string, int> LeftOutByLabel, int OtherFiles);
