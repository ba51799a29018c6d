using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using MlNetSer.Data;
using MlNetSer.Evaluation;
using MlNetSer.Pipeline;
using MlNetSer.Platform;
using MlNetSer.Synthesis;
using Spectre.Console;


namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>demo</c> command, the whole product in one run without any recordings: writes the synthetic
/// <see cref="DemoCorpus"/>, runs <see cref="SerExperiment"/> on it with the fast preset and a
/// speaker-independent split (the last quarter of the speakers are test speakers, never seen in training or
/// in the λ search), prints paper Table 7 and the confusion matrix of the fused model, writes the report,
/// and predicts a few held-out files with the saved fused model.
/// </summary>
public static class DemoCommand
{
    /// <summary>Sub-folder of <c>--out</c> that holds the corpus.</summary>
    public const string CorpusFolder = "corpus";

    /// <summary>Sub-folder of <c>--out</c> that holds the report, results and the fused model.</summary>
    public const string ExperimentFolder = "experiment";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var corpusDefaults = new DemoCorpusOptions();
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = $"Folder for the corpus ({CorpusFolder}/) and the report, results and fused model ({ExperimentFolder}/).",
            DefaultValueFactory = _ => new DirectoryInfo("demo-out"),
        };
        var speakers = new Option<int>("--speakers") { Description = "Synthetic speakers (at least 3); the last quarter (at least one) are the test speakers.", DefaultValueFactory = _ => corpusDefaults.Speakers };
        var utterances = new Option<int>("--utterances") { Description = "Utterances per speaker and emotion.", DefaultValueFactory = _ => corpusDefaults.UtterancesPerEmotion };
        // The demo trains with the fast preset; every training flag of train and experiment applies, and --seed also seeds the corpus.
        var training = new TrainingFlags(preset: "fast");
        var predictions = new Option<int>("--predict") { Description = "Held-out files to predict at the end (one per emotion, up to this many).", DefaultValueFactory = _ => 4 };
        var command = new Command(
            "demo",
            "Runs the whole pipeline on a built-in synthetic corpus: writes the corpus, trains and evaluates the 1D, 2D and 3D CNNs and their "
            + "score- and feature-level fusions with the fast preset on a speaker-independent split, prints Table 7 and a confusion matrix, "
            + "writes report.md and results.json, and predicts a few held-out files. The corpus is synthetic: the figures show that the "
            + "pipeline works; they are not evidence about real emotional speech.")
        {
            output, speakers, utterances, predictions,
        };
        training.AddTo(command);
        command.WithExamples(
            "mlnetser demo",
            "mlnetser demo --out demo-out --threads 2",
            "mlnetser demo --speakers 4 --utterances 1 --epochs 1 --networks 1d   # a one-minute smoke run");
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () => Bind(parse.GetValue(output)!.FullName, parse.GetValue(speakers), parse.GetValue(utterances), training.Bind(parse), parse.GetValue(predictions)),
            plan => Run(parse, plan)));
        return command;
    }

    private static Plan Bind(string folder, int speakers, int utterances, SerPipelineOptions pipeline, int predictions)
    {
        // Test speakers, plus validation and training speakers held out of the rest.
        if (speakers < 3)
            throw new ArgumentException($"--speakers must be at least 3: test, validation and training speakers (got {speakers}).");
        if (predictions < 0)
            throw new ArgumentException($"--predict must be 0 or more (got {predictions}).");
        var corpus = DemoCorpora.CorpusOptions(speakers, utterances, pipeline.Seed, Math.Max(1, speakers / 4));
        var experiment = new SerExperimentOptions
        {
            Protocol = SerExperimentProtocol.FixedSplit,
            OutputDirectory = Path.Combine(folder, ExperimentFolder),
            SaveModels = true,
            DatasetName = "MlNetSer demo corpus (synthetic speech)",
            Pipeline = pipeline,
        };
        experiment.Validate();
        return new Plan(Path.Combine(folder, CorpusFolder), corpus, experiment, predictions);
    }

    private static int Run(ParseResult parse, Plan plan)
    {
        var console = parse.InvocationConfiguration.Output;
        console.WriteLine("demo: synthetic speech, for running the pipeline end to end; its figures say nothing about real emotional speech.");
        var corpus = DemoCorpus.Write(plan.CorpusFolder, plan.Corpus);
        DemoCorpora.Describe(console, corpus, plan.Corpus);
        console.WriteLine($"protocol: {plan.Experiment.Describe()}");
        console.WriteLine($"device: {plan.Experiment.Pipeline.Device}");

        var display = ProgressDisplay.Create(parse);
        TrainingFlags.Warn(display, [plan.Experiment.Pipeline.RandomInitialisationWarning()]);
        var result = display.Run(() => SerExperiment.Run(corpus.Manifest, plan.Experiment, new FoldProgress(display)));
        ExperimentTable.Write(parse, result.Report, plan.Experiment.IncludeOracle);
        var fused = FusedRow(result.Report, plan.Experiment.Pipeline.Networks);
        WriteConfusion(parse, fused);
        console.WriteLine($"wall time: {result.Report.WallTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        foreach (var file in result.Files.Where(f => Path.GetFileName(f) is ExperimentReportWriter.MarkdownFileName or ExperimentReportWriter.JsonFileName))
            console.WriteLine($"wrote {file}");
        console.WriteLine($"wrote {result.Files.Count} files in all to {plan.Experiment.OutputDirectory}");

        var fold = result.Folds.Single();
        var model = result.Files.Single(f => Path.GetFileName(f) == SerExperiment.ModelFileName(fold.Name));
        console.WriteLine($"wrote {model} (the fused model; try: mlnetser predict --model {model} <file.wav>)");
        Predict(console, model, fold.Test, plan.Predictions, plan.Experiment.Pipeline.Device);
        return ExitCodes.Ok;
    }

    // The system the saved model is: score-level fusion of every trained network (λ from validation), or the single network.
    private static CombinationSummary FusedRow(ExperimentReport report, IReadOnlyList<string> networks)
        => report.Summaries.First(s => s.Networks.Count == networks.Count && s.Level != FusionLevel.Feature);

    private static void WriteConfusion(ParseResult parse, CombinationSummary row)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parse.InvocationConfiguration.Output) });
        console.Profile.Width = Math.Max(console.Profile.Width, 140);
        var classes = row.Summary.ClassNames;
        var table = new Table()
            .Title(Markup.Escape($"Confusion matrix on the test speakers: {row.DisplayName} (rows true, columns predicted)"))
            .AddColumn("true \\ predicted");
        foreach (var name in classes)
            table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        table.AddColumn(new TableColumn("recall %").RightAligned());
        for (var t = 0; t < classes.Count; t++)
        {
            var counts = row.Summary.ConfusionMatrix[t];
            var recall = counts.Sum() == 0 ? "" : (100.0 * counts[t] / counts.Sum()).ToString("0", CultureInfo.InvariantCulture);
            table.AddRow([Markup.Escape(classes[t]), .. counts.Select(c => c.ToString(CultureInfo.InvariantCulture)), recall]);
        }

        console.Write(table);
    }

    // One held-out file per emotion (as many as asked), predicted by the saved model as a user would.
    private static void Predict(TextWriter console, string modelPath, IReadOnlyList<SerManifestEntry> test, int count, SerDevice device)
    {
        if (count == 0)
            return;
        var mlContext = new MLContext();
        device.ApplyTo(mlContext);
        var model = ModelFiles.Load(mlContext, new FileInfo(modelPath));
        var predictor = new SerPredictor(mlContext, model);
        var files = test.GroupBy(e => e.Label, StringComparer.Ordinal).Select(g => g.First()).Take(count).ToArray();
        console.WriteLine($"predictions of {files.Length} held-out files (test speakers) with the fused model:");
        foreach (var entry in files)
        {
            var p = predictor.Predict(entry.Path);
            var scores = string.Join(" ", p.Labels.Select((l, i) => $"{l} {p.Scores[i].ToString("0.00", CultureInfo.InvariantCulture)}"));
            var verdict = p.Label == entry.Label ? "right" : "wrong";
            console.WriteLine($"  {Path.GetFileName(Path.GetDirectoryName(entry.Path))}/{Path.GetFileName(entry.Path)}: true {entry.Label}, predicted {p.Label} ({verdict}); {scores}");
        }
    }

    private sealed record Plan(string CorpusFolder, DemoCorpusOptions Corpus, SerExperimentOptions Experiment, int Predictions);
}
