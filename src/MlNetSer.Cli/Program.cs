using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using MlNetSer.Cli.Commands;

namespace MlNetSer.Cli;

/// <summary>The <c>mlnetser</c> command line.</summary>
public static class Program
{
    /// <summary>The command's name, whatever the executable or dll is called.</summary>
    public const string CommandName = "mlnetser";

    /// <summary>Runs the command line; the exit codes are documented in <see cref="ExitCodes"/> (130/143 after Ctrl-C/SIGTERM).</summary>
    public static int Main(string[] args)
    {
        using var interruption = Interruption.Install(Console.Error);
        return Run(args, Console.Out, Console.Error);
    }

    /// <summary>Runs the command line writing to <paramref name="output"/> and <paramref name="error"/> (lets tests run it in-process).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parseResult = CreateRootCommand().Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            // One readable line instead of System.CommandLine's error list followed by the whole help text.
            error.WriteLine($"error: {string.Join("; ", parseResult.Errors.Select(e => e.Message))} {CommandErrors.HelpHint(parseResult)}");
            return ExitCodes.Usage;
        }

        return parseResult.Invoke(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // Commands report their own errors through CommandErrors; this only catches bugs in that path.
            EnableDefaultExceptionHandler = true,
        });
    }

    /// <summary>Builds the root command with every subcommand registered.</summary>
    public static Command CreateRootCommand()
    {
        // A plain Command rather than RootCommand, whose name is the executable's (MlNetSer.Cli, or dotnet's host).
        var help = new HelpOption();
        help.Action = new ExamplesHelpAction((HelpAction)help.Action!);
        var root = new Command(CommandName,
            "MlNetSer: speech emotion recognition with 1D, 2D and 3D CNNs and their fusion (Zhang et al. 2021).\n\n"
            + "Output: results on standard output; progress (live bars on a terminal, plain lines otherwise), warnings and errors "
            + "on standard error. --json (features, train, train-network, evaluate, predict, experiment): standard output holds "
            + "only JSON (one document, or one object per line where a command answers per file); transform and bench always "
            + "print JSON. --quiet: no progress. --verbose: stack traces with errors (otherwise one line 'error: ...').\n\n"
            + $"Exit codes: {ExitCodes.Ok} ok; {ExitCodes.Usage} usage (unknown option, invalid value); {ExitCodes.SomeInputsFailed} some inputs failed "
            + $"(each reported, the others processed); {ExitCodes.Failure} failure; 130/143 interrupted by Ctrl-C/SIGTERM (partial files removed).")
        {
            help,
            new VersionOption(),
        };
        root.WithExamples(
            "mlnetser demo",
            "mlnetser features speech.wav --out feats",
            "mlnetser train --data corpus/manifest.csv --out ser.zip --preset fast --json > train.json");
        root.Options.Add(CommonOptions.Verbose);
        root.Options.Add(CommonOptions.Quiet);
        root.Subcommands.Add(FeaturesCommand.Create());
        root.Subcommands.Add(TransformCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(TrainNetworkCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(DemoCorpusCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ExperimentCommand.Create());
        root.Subcommands.Add(StudyCommand.Create());
        root.Subcommands.Add(DatasetCommand.Create());
        return root;
    }
}
