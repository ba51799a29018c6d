using System.CommandLine;
using System.Globalization;
using MlNetSer.Evaluation;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>study</c> command: one of the paper's design studies (Table 4 segment length, Table 5 backbone, Table 6 clip
/// depth) under the same speaker-independent protocol as <c>experiment</c>, only the studied network trained, with
/// <c>report.md</c>, <c>results.json</c> and a plot written into <c>--out</c> (<see cref="SerStudy"/>).
/// </summary>
public static class StudyCommand
{
    private static readonly IReadOnlyDictionary<string, SerStudyKind> Kinds = Enum.GetValues<SerStudyKind>().ToDictionary(SerStudy.NameOf);

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var data = DataInput.Create();
        var kind = new Argument<string>("study") { Description = "segment-length (Table 4, 1D), backbone (Table 5, 2D) or clip-depth (Table 6, 3D)." };
        kind.AcceptOnlyFromAmong(Kinds.Keys.ToArray());
        var protocol = ProtocolFlag.Create();
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = $"Folder for {SerStudy.MarkdownFileName}, {SerStudy.JsonFileName} and {SerStudy.PlotFileName}.", Required = true };
        var values = new Option<string?>("--values")
        {
            Description = "Comma-separated values to compare (default: the paper's: 125,625,3125,15625; alexnet,resnet18 (VGG-16 and ResNet-50 are not built); 4,6,8,10).",
        };
        var validationFraction = new Option<double>("--validation-fraction")
        {
            Description = "Share of each fold's training speakers held out as validation speakers for early stopping.",
            DefaultValueFactory = _ => 0.2,
        };
        var training = new TrainingFlags();
        var json = CommonOptions.Json($"Print the {SerStudy.JsonFileName} document instead of the table.");
        var command = new Command("study",
            "Runs one of the paper's design studies (Tables 4–6): per value, only the studied network is trained and tested under the "
            + "speaker-independent protocol; writes the table beside the paper's own figures (marked as the paper's), the figures as JSON and a plot.")
        {
            kind, protocol, output, values, validationFraction, json,
        };
        training.AddTo(command);
        data.AddTo(command);
        command.WithExamples(
            "mlnetser study clip-depth --data corpus/manifest.csv --protocol split --values 4,6,8,10 --preset fast --out clip-depth",
            "mlnetser study segment-length --data corpus/manifest.csv --protocol losgo:5 --values 125,625,3125 --out segment-length");
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () =>
            {
                var (protocolKind, folds) = ProtocolFlag.Parse(parse.GetValue(protocol)!);
                var options = new SerStudyOptions
                {
                    Kind = Kinds[parse.GetValue(kind)!],
                    Values = parse.GetValue(values) is { } text ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null,
                    OutputDirectory = parse.GetValue(output)!.FullName,
                    Experiment = new SerExperimentOptions
                    {
                        Protocol = protocolKind, Folds = folds, ValidationFraction = parse.GetValue(validationFraction), Pipeline = training.Bind(parse),
                    },
                };
                options.Validate();
                return options;
            },
            options => Run(parse, data, options, parse.GetValue(json))));
        return command;
    }

    private static int Run(ParseResult parse, DataInput data, SerStudyOptions options, bool json)
    {
        var display = ProgressDisplay.Create(parse);
        var manifest = data.ReadUsable(parse);

        display.Message($"study {SerStudy.NameOf(options.Kind)}: values {string.Join(", ", options.EffectiveValues)}; {manifest.Entries.Count} utterances, {manifest.Speakers.Count} speakers");
        display.Message($"protocol: {SerStudy.Describe(options)}");
        TrainingFlags.Warn(display, SerStudy.Warnings(options));
        var result = display.Run(() => SerStudy.Run(manifest, options, new StudyProgress(display)));

        var output = parse.InvocationConfiguration.Output;
        if (json)
        {
            output.Write(SerStudy.ToJson(result));
        }
        else
        {
            foreach (var row in result.Rows)
            {
                output.WriteLine($"{row.Value}: accuracy {(100 * row.Summary.Accuracy.Mean).ToString("0.0", CultureInfo.InvariantCulture)} ± "
                    + $"{(100 * row.Summary.Accuracy.StdDev).ToString("0.0", CultureInfo.InvariantCulture)} %, UAR {(100 * row.Summary.Uar.Mean).ToString("0.0", CultureInfo.InvariantCulture)} %"
                    + (row.Paper is { } paper ? $" (paper: AFEW5.0 {paper.Afew.ToString("0.00", CultureInfo.InvariantCulture)}, BAUM-1s {paper.Baum.ToString("0.00", CultureInfo.InvariantCulture)})" : ""));
            }

            foreach (var file in result.Files)
                output.WriteLine($"wrote {file}");
        }

        return manifest.Problems.Count > 0 ? ExitCodes.SomeInputsFailed : ExitCodes.Ok;
    }

    // One fold display per value, announced as the value starts.
    private sealed class StudyProgress(ProgressDisplay display) : IProgress<SerStudyProgress>
    {
        private string? _value;
        private FoldProgress? _folds;

        public void Report(SerStudyProgress report)
        {
            if (report.Value != _value)
            {
                (_value, _folds) = (report.Value, new FoldProgress(display));
                display.Message($"value {report.Value}");
            }

            _folds!.Report(report.Experiment);
        }
    }
}
