using System.Globalization;

namespace MlNetSer.Training;

/// <summary>
/// The CSV that describes the utterances of a segment file: a header <c>utterance,label,speaker,segments</c>
/// and one row per utterance, in the order their segments appear in the file.
/// </summary>
/// <param name="Rows">The utterances in file order.</param>
/// <param name="Labels">The distinct labels in ordinal order; a label's position is its class index.</param>
public sealed record UtteranceManifest(IReadOnlyList<UtteranceManifestRow> Rows, IReadOnlyList<string> Labels)
{
    /// <summary>The expected header.</summary>
    public const string Header = "utterance,label,speaker,segments";

    /// <summary>Reads and validates a manifest.</summary>
    /// <param name="path">The CSV file (UTF-8; fields must not contain commas).</param>
    /// <exception cref="InvalidDataException">Bad header, row, or count; the message names the file and line.</exception>
    public static UtteranceManifest Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such file.", path);
        // Never opened: a FIFO would wait for a writer.
        if (IO.FileKinds.RegularFileProblem(path) is { } problem)
            throw new InvalidDataException($"{path}: {problem}.");
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || !string.Equals(lines[0].Trim(), Header, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{path}: the first line must be the header '{Header}'.");

        var rows = new List<UtteranceManifestRow>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
                continue;
            var fields = lines[i].Split(',').Select(f => f.Trim()).ToArray();
            if (fields.Length != 4)
                throw new InvalidDataException($"{path}, line {i + 1}: expected 4 fields ({Header}) but found {fields.Length}.");
            if (fields[0].Length == 0 || fields[1].Length == 0 || fields[2].Length == 0)
                throw new InvalidDataException($"{path}, line {i + 1}: utterance, label and speaker must not be empty.");
            if (!int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
                throw new InvalidDataException($"{path}, line {i + 1}: segments must be a positive integer (got '{fields[3]}').");
            if (!ids.Add(fields[0]))
                throw new InvalidDataException($"{path}, line {i + 1}: utterance '{fields[0]}' appears twice.");
            rows.Add(new UtteranceManifestRow(fields[0], fields[1], fields[2], count));
        }

        if (rows.Count == 0)
            throw new InvalidDataException($"{path}: no utterances.");
        var labels = rows.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        return new UtteranceManifest(rows, labels);
    }

    /// <summary>Total segments over all rows.</summary>
    public long SegmentCount => Rows.Sum(r => (long)r.Segments);
}
