using MlNetSer.Data;
using MlNetSer.Features.Store;
using MlNetSer.Training;

namespace MlNetSer.Pipeline;

/// <summary>
/// The training and validation utterances of one <see cref="SerPipelineTrainer.Fit(Microsoft.ML.IDataView, Microsoft.ML.IDataView, IReadOnlyList{string}, SerFitProgress)"/>
/// with their tensors in a <see cref="SegmentStore"/>: the segment sets the networks train on are read in place from it,
/// so no tensor of the corpus is held in memory (issue #11). Files the store could not read are left out and listed.
/// </summary>
internal sealed class StoredCorpus
{
    private readonly IReadOnlyDictionary<string, SegmentStoreFile> _files;
    private readonly IReadOnlyList<string> _labels;

    private StoredCorpus(IReadOnlyDictionary<string, SegmentStoreFile> files, IReadOnlyList<string> labels, IReadOnlyList<SegmentStoreFailure> failures)
    {
        _files = files;
        _labels = labels;
        Failures = failures;
    }

    /// <summary>The class names; a segment's label is its index here.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Files that could not be read: their rows are in no segment set.</summary>
    public IReadOnlyList<SegmentStoreFailure> Failures { get; }

    /// <summary>Whether <paramref name="path"/>'s tensors are in the store.</summary>
    public bool Has(string path) => _files.ContainsKey(path);

    /// <summary>The store entry of <paramref name="kind"/> for <paramref name="path"/>.</summary>
    /// <exception cref="KeyNotFoundException">The file is not in the store or the kind was not computed.</exception>
    public SegmentStoreEntry Entry(string path, SegmentKind kind) => _files[path][kind];

    /// <summary>Computes (or reuses) the entries of <paramref name="kinds"/> for every row's file.</summary>
    public static StoredCorpus Populate(SegmentStore store, IEnumerable<ManifestDataView.Row> rows, IEnumerable<SegmentKind> kinds,
        IReadOnlyList<string> labels, IProgress<SegmentStoreProgress>? progress)
    {
        var paths = rows.Select(r => r.Path).Distinct(StringComparer.Ordinal).ToArray();
        var result = store.Populate(paths, kinds, progress);
        var files = new Dictionary<string, SegmentStoreFile>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Length; i++)
        {
            if (result.Files[i] is { } file)
                files[paths[i]] = file;
        }

        return new StoredCorpus(files, labels, result.Failures);
    }

    /// <summary>
    /// The segment set of <paramref name="kind"/> for <paramref name="rows"/> in their order (rows whose file failed or whose
    /// label is not a class are left out), read in place from the store. The caller disposes it.
    /// </summary>
    /// <exception cref="InvalidOperationException">No row is left.</exception>
    public SegmentDataset Segments(IEnumerable<ManifestDataView.Row> rows, SegmentKind kind, string part)
    {
        var classOf = _labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var utterances = rows
            .Where(r => _files.ContainsKey(r.Path) && classOf.ContainsKey(r.Label))
            .Select(r => new StoredUtterance(r.Path, _files[r.Path][kind], classOf[r.Label], r.Speaker))
            .ToArray();
        if (utterances.Length == 0)
            throw new InvalidOperationException($"No {part} utterance has a readable file and one of the classes ({string.Join(", ", _labels)}).");
        return SegmentDataset.FromStore(utterances);
    }
}
