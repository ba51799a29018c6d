using System.CommandLine;
using MlNetSer.Cli.Commands;

namespace MlNetSer.Cli;

/// <summary>The <c>mlnetser</c> command line.</summary>
public static class Program
{
    /// <summary>Runs the command line; the exit codes are documented in <see cref="ExitCodes"/>.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("MlNetSer: speech emotion recognition with 1D, 2D and 3D CNNs and their fusion (Zhang et al. 2021).");
        root.Options.Add(CommonOptions.Verbose);
        root.Subcommands.Add(FeaturesCommand.Create());
        root.Subcommands.Add(TransformCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(TrainNetworkCommand.Create());
        return root.Parse(args).Invoke();
    }
}
