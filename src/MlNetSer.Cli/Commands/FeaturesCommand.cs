using System.CommandLine;

namespace MlNetSer.Cli.Commands;

/// <summary>The <c>features</c> command.</summary>
public static class FeaturesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("features", "TODO");
        command.SetAction(_ => ExitCodes.Failure);
        return command;
    }
}
