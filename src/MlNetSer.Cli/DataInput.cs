using System.CommandLine;
using MlNetSer.Data;
using MlNetSer.Data.Formats;

namespace MlNetSer.Cli;

/// <summary>
/// The <c>--data</c> and <c>--format</c> options of the commands that read a corpus: a CSV manifest, or a
/// dataset folder read as one of <see cref="DatasetFormats.Names"/>.
/// </summary>
public sealed class DataInput
{
    /// <summary>The <c>--data</c> option.</summary>
    public Option<string> Data { get; }

    /// <summary>The <c>--format</c> option.</summary>
    public Option<string?> Format { get; }

    private DataInput(Option<string> data, Option<string?> format) => (Data, Format) = (data, format);

    /// <summary>Creates the two options (add them with <see cref="AddTo"/>).</summary>
    public static DataInput Create() => new(
        new Option<string>("--data")
        {
            Description = "CSV manifest with a header path,label,speaker[,split] (paths relative to the manifest's folder), or a dataset folder with --format.",
            Required = true,
        },
        new Option<string?>("--format")
        {
            Description = $"Read --data as a dataset folder of this layout: {string.Join(", ", DatasetFormats.Names)} (see 'mlnetser dataset --help').",
        });

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Format);
    }

    /// <summary>Reads the corpus the parsed options name.</summary>
    /// <exception cref="ArgumentException">A folder without <c>--format</c>, or <c>--format</c> with a file.</exception>
    public SerManifest Read(ParseResult parse, SerManifestOptions? manifestOptions = null)
    {
        var path = Path.GetFullPath(parse.GetValue(Data)!);
        var format = parse.GetValue(Format);
        if (Directory.Exists(path))
        {
            if (format is null)
                throw new ArgumentException($"--data {path} is a folder: add --format ({string.Join(", ", DatasetFormats.Names)}) or give a CSV manifest.");
            return DatasetFormats.Read(path, format);
        }

        if (format is not null)
            throw new ArgumentException($"--format {format} reads a dataset folder, but --data {path} is not a folder.");
        return SerManifest.Read(path, manifestOptions);
    }
}
