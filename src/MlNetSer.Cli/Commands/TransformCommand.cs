using System.CommandLine;

namespace MlNetSer.Cli.Commands;

/// <summary>The <c>transform</c> command.</summary>
public static class TransformCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("transform", "TODO");
        command.SetAction(_ => ExitCodes.Failure);
        return command;
    }
}
