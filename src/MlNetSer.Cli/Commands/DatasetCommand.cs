using System.CommandLine;
using System.Globalization;
using MlNetSer.Data;
using MlNetSer.Data.Formats;
using Spectre.Console;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>dataset</c> command: reads a dataset folder as one of <see cref="DatasetFormats.Names"/>, writes the CSV
/// manifest (<c>path,label,speaker[,split]</c>) the other commands take, and prints the utterances per label, speaker
/// and split. Files it cannot use are reported on stderr (exit 2); exit 3 when none is usable (no manifest is written).
/// </summary>
public static class DatasetCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "The dataset's root folder (e.g. the one holding RAVDESS' Actor_01 … Actor_24)." };
        var format = new Option<string?>("--format") { Description = $"The folder's layout: {string.Join(", ", DatasetFormats.Names)}.", Required = true };
        DataInput.AcceptFormatNames(format);
        var output = new Option<FileInfo>("--out", "-o") { Description = "The manifest CSV to write (paths relative to its folder when the corpus lies below it).", Required = true };
        var labels = new Option<string?>("--labels")
        {
            Description = $"Keep only these labels, comma-separated (e.g. {string.Join(",", EmotionLabels.Basic)}); the rest are counted, not reported. Default: all.",
        };
        var speakerPattern = new Option<string?>("--speaker-pattern")
        {
            Description = "folders only: regex on the file name whose group 'speaker' (or first group) is the speaker, e.g. '^(?<speaker>[^_]+)_'. Default: each file its own speaker.",
        };
        var extensions = new Option<string?>("--extensions") { Description = "Comma-separated file extensions to read (e.g. .wav,.flac). Default: the format's own." };
        var noAudioCheck = new Option<bool>("--no-audio-check") { Description = "Do not open each file to check it decodes (faster; bad files then fail later, in training)." };
        var command = new Command(
            "dataset",
            "Turns a dataset folder (RAVDESS, CREMA-D, EmoDB, TESS, AFEW or one sub-folder per label) into a CSV manifest with labels from one vocabulary "
            + $"({string.Join(", ", EmotionLabels.All)}), printing the utterances per label, speaker and split. "
            + "Other corpora (BAUM-1s, IEMOCAP): write the manifest yourself (see the README, section Datasets).")
        {
            folder, format, output, labels, speakerPattern, extensions, noAudioCheck,
        };
        command.WithExamples(
            "mlnetser dataset ~/corpora/RAVDESS --format ravdess --out ravdess.csv --labels anger,joy,sadness,neutral",
            "mlnetser dataset ~/corpora/AFEW --format afew --out afew.csv",
            "mlnetser dataset ~/corpora/mine --format folders --speaker-pattern \"^(?<speaker>[a-z]+)_\" --out mine.csv");
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () =>
            {
                var options = new DatasetReadOptions
                {
                    KeepLabels = parse.GetValue(labels) is { } text ? EmotionLabels.ParseSubset(text) : null,
                    SpeakerPattern = parse.GetValue(speakerPattern),
                    AudioExtensions = parse.GetValue(extensions)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    CheckAudio = !parse.GetValue(noAudioCheck),
                };
                options.Validate();
                if (options.SpeakerPattern is not null && !string.Equals(parse.GetValue(format), "folders", StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"--speaker-pattern applies to --format folders only; {parse.GetValue(format)} names its speakers itself.");
                var path = Path.GetFullPath(parse.GetValue(folder)!);
                if (File.Exists(path))
                    throw new ArgumentException($"{path} is a file; give the dataset's folder.");
                return (Folder: path, Format: parse.GetValue(format)!, Options: options);
            },
            values => Run(parse, values.Folder, values.Format, values.Options, parse.GetValue(output)!)));
        return command;
    }

    private static int Run(ParseResult parse, string folder, string format, DatasetReadOptions options, FileInfo outFile)
    {
        var scan = DatasetFormats.Scan(folder, format, options);
        var manifest = scan.Manifest;
        var error = parse.InvocationConfiguration.Error;
        foreach (var problem in manifest.Problems)
            error.WriteLine($"warning: skipped {problem}");
        if (manifest.Problems.Count > 0)
            error.WriteLine($"warning: {manifest.Problems.Count} file(s) reported, {manifest.Entries.Count} used");
        if (manifest.Entries.Count == 0)
            throw new InvalidDataException($"{folder}: no usable {format} files; no manifest written.");

        // Text lines go straight to the writer (Spectre would wrap a long path at 80 columns); tables through Spectre.
        var output = parse.InvocationConfiguration.Output;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        output.WriteLine($"dataset: {scan.Format} at {folder}: {manifest.Entries.Count} utterances, {manifest.Labels.Count} labels, {manifest.Speakers.Count} speakers");
        console.Write(LabelTable(manifest.Entries));
        if (manifest.Entries.Count > manifest.Speakers.Count)
            console.Write(SpeakerTable(manifest.Entries));
        else
            // No speaker ids (AFEW, folders without --speaker-pattern): a line instead of a table as long as the corpus.
            output.WriteLine($"speakers: {manifest.Speakers.Count}, one utterance each (no speaker ids: speaker-grouped folds are not speaker-independent)");
        if (scan.LeftOutByLabel.Count > 0)
            output.WriteLine($"left out by --labels: {string.Join(", ", scan.LeftOutByLabel.Select(p => $"{p.Key} {p.Value}"))}");
        if (scan.OtherFiles > 0)
            output.WriteLine($"not read: {scan.OtherFiles} file(s) without an audio extension of the format");

        SerManifest.Write(outFile.FullName, manifest.Entries);
        output.WriteLine($"wrote {outFile.FullName}");
        return manifest.Problems.Count > 0 ? ExitCodes.SomeInputsFailed : ExitCodes.Ok;
    }

    // One row per label; with a split column, a column per split beside the total.
    private static Table LabelTable(IReadOnlyList<SerManifestEntry> entries)
    {
        var splits = entries.Select(e => e.Split).Where(s => s != ManifestSplit.None).Distinct().Order().ToArray();
        var table = new Table().AddColumn("Label");
        foreach (var split in splits)
            table.AddColumn(new TableColumn(split.ToString().ToLowerInvariant()).RightAligned());
        table.AddColumn(new TableColumn(splits.Length > 0 ? "all" : "Utterances").RightAligned());
        foreach (var group in entries.GroupBy(e => e.Label).OrderBy(g => g.Key, StringComparer.Ordinal))
            table.AddRow([Markup.Escape(group.Key), .. splits.Select(s => Count(group.Count(e => e.Split == s))), Count(group.Count())]);
        if (splits.Length > 0)
            table.AddRow(["all", .. splits.Select(s => Count(entries.Count(e => e.Split == s))), Count(entries.Count)]);
        return table;
    }

    private static Table SpeakerTable(IReadOnlyList<SerManifestEntry> entries)
    {
        var table = new Table().AddColumn("Speaker").AddColumn(new TableColumn("Utterances").RightAligned()).AddColumn(new TableColumn("Labels").RightAligned());
        foreach (var speaker in entries.GroupBy(e => e.Speaker).OrderBy(g => g.Key, StringComparer.Ordinal))
            table.AddRow(Markup.Escape(speaker.Key), Count(speaker.Count()), Count(speaker.Select(e => e.Label).Distinct().Count()));
        return table;
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
