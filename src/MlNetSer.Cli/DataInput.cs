using System.CommandLine;
using System.CommandLine.Parsing;
using MlNetSer.Data;
using MlNetSer.Data.Formats;

namespace MlNetSer.Cli;

/// <summary>
/// The <c>--data</c>, <c>--format</c> and <c>--labels</c> options of the commands that read a corpus: a CSV
/// manifest, or a dataset folder read as one of <see cref="DatasetFormats.Names"/>, optionally cut to a label subset.
/// </summary>
public sealed class DataInput
{
    /// <summary>The <c>--data</c> option.</summary>
    public Option<string> Data { get; }

    /// <summary>The <c>--format</c> option.</summary>
    public Option<string?> Format { get; }

    /// <summary>The <c>--labels</c> option (comma-separated vocabulary labels to keep).</summary>
    public Option<string?> Labels { get; }

    private DataInput(Option<string> data, Option<string?> format, Option<string?> labels) => (Data, Format, Labels) = (data, format, labels);

    /// <summary>Creates the options (add them with <see cref="AddTo"/>).</summary>
    public static DataInput Create()
    {
        var format = new Option<string?>("--format")
        {
            Description = $"Read --data as a dataset folder of this layout: {string.Join(", ", DatasetFormats.Names)} (see 'mlnetser dataset --help').",
        };
        AcceptFormatNames(format);
        var labels = new Option<string?>("--labels")
        {
            Description = $"Keep only these labels, comma-separated (e.g. {string.Join(",", EmotionLabels.Basic)}); synonyms such as angry, happy, sad match. Default: all.",
        };
        labels.Validators.Add(result =>
        {
            try
            {
                EmotionLabels.ParseSubset(result.GetValueOrDefault<string?>() ?? "");
            }
            catch (ArgumentException ex)
            {
                result.AddError($"--labels: {ex.Message}");
            }
        });
        return new(
            new Option<string>("--data")
            {
                Description = "CSV manifest with a header path,label,speaker[,split] (paths relative to the manifest's folder), or a dataset folder with --format.",
                Required = true,
            },
            format,
            labels);
    }

    /// <summary>Adds the options to <paramref name="command"/>, with the check that <c>--format</c> goes with a folder and only with one.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Format);
        command.Options.Add(Labels);
        command.Validators.Add(result =>
        {
            if (Problem(result.GetValue(Data), result.GetValue(Format)) is { } problem)
                result.AddError(problem);
        });
    }

    /// <summary>Reads the corpus the parsed options name; rows whose file does not decode become problems (see <see cref="ManifestAudioCheck"/>).</summary>
    /// <exception cref="ArgumentException">A folder without <c>--format</c>, or <c>--format</c> with a file (the parser rejects both first).</exception>
    public SerManifest Read(ParseResult parse, SerManifestOptions? manifestOptions = null)
    {
        var data = parse.GetValue(Data)!;
        var format = parse.GetValue(Format);
        if (Problem(data, format) is { } problem)
            throw new ArgumentException(problem);

        var labels = parse.GetValue(Labels) is { } text ? EmotionLabels.ParseSubset(text) : null;
        var path = Path.GetFullPath(data);
        if (format is not null)
        {
            var scan = DatasetFormats.Scan(path, format, new DatasetReadOptions { KeepLabels = labels });
            if (labels is not null)
                ReportKept(parse, labels, scan.Manifest.Entries.Count, scan.LeftOutByLabel);
            return scan.Manifest;
        }

        var manifest = SerManifest.Read(path, manifestOptions);
        if (labels is not null)
        {
            var kept = DatasetFormats.KeepLabels(manifest, labels);
            var leftOut = manifest.Entries.Except(kept.Entries).GroupBy(e => e.Label).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
            ReportKept(parse, labels, kept.Entries.Count, leftOut);
            manifest = kept;
        }

        // Every row decoded once before the run: a bad file is a reported row (exit 2), not an aborted training run.
        // (A dataset folder's files were decoded by its scan.)
        return ManifestAudioCheck.Apply(manifest);
    }

    // Left-out labels are a choice, not a problem: one line on stdout says what the subset removed.
    private static void ReportKept(ParseResult parse, IReadOnlyList<string> labels, int kept, IReadOnlyDictionary<string, int> leftOut)
    {
        var removed = leftOut.Count == 0 ? "nothing left out" : "left out: " + string.Join(", ", leftOut.Select(p => $"{p.Key} {p.Value}"));
        parse.InvocationConfiguration.Output.WriteLine($"--labels {string.Join(",", labels)}: {kept} utterance(s) kept, {removed}");
    }

    /// <summary>Makes an unknown format name a one-line usage error (the parser's own lists the names one per line).</summary>
    internal static void AcceptFormatNames(Option<string?> format)
        => format.Validators.Add(result =>
        {
            try
            {
                DatasetFormats.ValidateName(result.GetValueOrDefault<string?>() ?? "");
            }
            catch (ArgumentException ex)
            {
                result.AddError($"--format: {CommandErrors.Describe(ex)}");
            }
        });

    // Usage errors, found before anything is read: a folder needs its layout named, and a layout names a folder.
    private static string? Problem(string? data, string? format)
    {
        if (data is null)
            return null;
        var path = Path.GetFullPath(data);
        if (format is null && Directory.Exists(path))
            return $"--data {path} is a folder: add --format ({string.Join(", ", DatasetFormats.Names)}) or give a CSV manifest.";
        if (format is not null && File.Exists(path))
            return $"--format {format} reads a dataset folder, but --data {path} is a file (a CSV manifest needs no --format).";
        return null;
    }

    /// <summary>Reads the corpus, reports its problem rows as warnings and refuses one with no usable row.</summary>
    /// <exception cref="InvalidDataException">No row is usable; the message names the manifest.</exception>
    public SerManifest ReadUsable(ParseResult parse)
    {
        var manifest = Read(parse);
        ReportProblems(parse, manifest);
        if (manifest.Entries.Count == 0)
            throw new InvalidDataException($"{manifest.File}: no usable rows.");
        return manifest;
    }

    /// <summary>Writes each manifest problem as a warning line on stderr.</summary>
    public static void ReportProblems(ParseResult parse, SerManifest manifest)
    {
        var error = parse.InvocationConfiguration.Error;
        foreach (var problem in manifest.Problems)
            error.WriteLine($"warning: skipped {problem}");
        if (manifest.Problems.Count > 0)
            error.WriteLine($"warning: {manifest.Problems.Count} manifest row(s) skipped, {manifest.Entries.Count} used");
    }
}
