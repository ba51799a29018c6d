using System.Text;

namespace MlNetSer.Data;

/// <summary>
/// A corpus described by a CSV manifest: a header naming the columns <c>path</c>, <c>label</c>,
/// <c>speaker</c> and optionally <c>split</c> (any order, case-insensitive; other columns are ignored),
/// then one utterance per line. Paths are relative to the manifest's folder (absolute ones are kept).
/// Fields may be quoted (<c>"a, b"</c>). Bad rows do not stop the batch: each becomes a
/// <see cref="ManifestProblem"/> naming the file and line, and the other rows are read.
/// </summary>
/// <param name="File">The manifest file (absolute).</param>
/// <param name="Entries">The usable utterances in file order.</param>
/// <param name="Problems">The rows left out and why, in file order.</param>
public sealed record SerManifest(string File, IReadOnlyList<SerManifestEntry> Entries, IReadOnlyList<ManifestProblem> Problems)
{
    /// <summary>The required columns.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = ["path", "label", "speaker"];

    /// <summary>The optional split column.</summary>
    public const string SplitColumn = "split";

    /// <summary>The distinct labels in ordinal order (a label's position is a stable class index).</summary>
    public IReadOnlyList<string> Labels => Entries.Select(e => e.Label).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The distinct speakers in ordinal order.</summary>
    public IReadOnlyList<string> Speakers => Entries.Select(e => e.Speaker).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Reads a manifest file.</summary>
    /// <param name="path">The CSV file (UTF-8).</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">No header, or the header lacks a required column: nothing can be read. The message names the file.</exception>
    public static SerManifest Read(string path, SerManifestOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        switch (IO.FileKinds.Of(full))
        {
            case IO.FileKind.Regular:
                break;
            case IO.FileKind.Missing:
                throw new FileNotFoundException($"{full}: no such manifest file.", full);
            case var kind:
                // Never opened: a FIFO would wait for a writer.
                throw new InvalidDataException($"{full}: the manifest is {IO.FileKinds.Describe(kind)}, not a regular file.");
        }

        using var reader = new StreamReader(full, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Parse(reader, full, System.IO.Path.GetDirectoryName(full)!, options);
    }

    /// <summary>Reads manifest text (for manifests that are not files).</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">The name that problems and errors cite.</param>
    /// <param name="baseFolder">The folder relative paths are taken from.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <exception cref="InvalidDataException">No header, or the header lacks a required column.</exception>
    public static SerManifest Parse(TextReader reader, string sourceName, string baseFolder, SerManifestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(baseFolder);
        options ??= new SerManifestOptions();

        var lineNumber = 0;
        string? line;
        do
        {
            line = reader.ReadLine();
            lineNumber++;
        }
        while (line is not null && line.Trim().Length == 0);
        if (line is null)
            throw new InvalidDataException($"{sourceName}: the manifest is empty; it needs a header with the columns {string.Join(",", RequiredColumns)}[,{SplitColumn}].");

        var header = CsvLine.TrySplit(line, out var headerError)
            ?? throw new InvalidDataException($"{sourceName}, line {lineNumber}: unreadable header ({headerError}).");
        var columns = ColumnIndices(header, sourceName, lineNumber);

        var entries = new List<SerManifestEntry>();
        var problems = new List<ManifestProblem>();
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
                continue;
            var entry = ParseRow(line, columns, header.Length, baseFolder, options, lineNumber, out var problem);
            if (entry is not null)
                entries.Add(entry);
            else
                problems.Add(new ManifestProblem(sourceName, lineNumber, problem!));
        }

        return new SerManifest(sourceName, entries, problems);
    }

    /// <summary>
    /// Writes the entries as a manifest CSV (<c>path,label,speaker</c>, plus <c>split</c> when any entry has one),
    /// atomically. Paths under the manifest's folder are written relative to it, so the corpus folder can move.
    /// </summary>
    /// <param name="path">The CSV file to write.</param>
    /// <param name="entries">The utterances, written in this order.</param>
    public static void Write(string path, IEnumerable<SerManifestEntry> entries)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(entries);
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        var rows = entries.ToArray();
        var withSplit = rows.Any(e => e.Split != ManifestSplit.None);
        var text = new StringBuilder();
        text.Append(CsvLine.Join(withSplit ? [.. RequiredColumns, SplitColumn] : RequiredColumns)).Append('\n');
        foreach (var entry in rows)
        {
            var relative = System.IO.Path.GetRelativePath(folder, entry.Path);
            var written = relative.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative) ? entry.Path : relative.Replace('\\', '/');
            string[] fields = withSplit
                ? [written, entry.Label, entry.Speaker, entry.Split == ManifestSplit.None ? "" : entry.Split.ToString().ToLowerInvariant()]
                : [written, entry.Label, entry.Speaker];
            text.Append(CsvLine.Join(fields)).Append('\n');
        }

        Directory.CreateDirectory(folder);
        IO.AtomicFile.WriteAllText(full, text.ToString());
    }

    /// <summary>Throws when any row was left out, listing every problem (for callers that want all or nothing).</summary>
    /// <exception cref="InvalidDataException">The message lists the problems, one per line.</exception>
    public void ThrowIfProblems()
    {
        if (Problems.Count > 0)
            throw new InvalidDataException($"{File}: {Problems.Count} row(s) could not be used:{Environment.NewLine}{string.Join(Environment.NewLine, Problems)}");
    }

    private static SerManifestEntry? ParseRow(string line, Columns columns, int headerWidth, string baseFolder,
        SerManifestOptions options, int lineNumber, out string? problem)
    {
        var fields = CsvLine.TrySplit(line, out problem);
        if (fields is null)
            return null;
        if (fields.Length < headerWidth)
        {
            problem = $"{fields.Length} field(s) but the header has {headerWidth}.";
            return null;
        }

        string Field(int index) => index < 0 ? "" : fields[index];
        foreach (var (name, index) in new[] { ("path", columns.Path), ("label", columns.Label), ("speaker", columns.Speaker) })
        {
            if (Field(index).Length == 0)
            {
                problem = $"the {name} is empty.";
                return null;
            }
        }

        if (!TryParseSplit(Field(columns.Split), out var split))
        {
            problem = $"split '{Field(columns.Split)}' is not one of train, test, validation (val, dev) or empty.";
            return null;
        }

        // Relative paths are taken from the manifest's folder and may leave it (../audio/x.wav), like absolute ones:
        // a manifest is trusted as much as a command line. What a row names must be a regular file, though.
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(baseFolder, Field(columns.Path)));
        if (options.CheckFilesExist && IO.FileKinds.Of(path) is var kind && kind != IO.FileKind.Regular)
        {
            problem = kind == IO.FileKind.Missing
                ? $"audio file not found: {path}"
                : $"{path} is {IO.FileKinds.Describe(kind)}, not a regular audio file";
            return null;
        }

        problem = null;
        return new SerManifestEntry(path, Field(columns.Label), Field(columns.Speaker), split, lineNumber);
    }

    private static bool TryParseSplit(string text, out ManifestSplit split)
    {
        split = text.ToLowerInvariant() switch
        {
            "" => ManifestSplit.None,
            "train" => ManifestSplit.Train,
            "test" => ManifestSplit.Test,
            "validation" or "val" or "dev" => ManifestSplit.Validation,
            _ => (ManifestSplit)(-1),
        };
        return Enum.IsDefined(split);
    }

    private static Columns ColumnIndices(string[] header, string sourceName, int lineNumber)
    {
        int Find(string name) => Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        var missing = RequiredColumns.Where(c => Find(c) < 0).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidDataException(
                $"{sourceName}, line {lineNumber}: the header lacks the column(s) {string.Join(", ", missing)}; "
                + $"it must name {string.Join(",", RequiredColumns)} and optionally {SplitColumn} (found: {string.Join(",", header)}).");
        }

        return new Columns(Find("path"), Find("label"), Find("speaker"), Find(SplitColumn));
    }

    private sealed record Columns(int Path, int Label, int Speaker, int Split);
}
