using System.CommandLine;

namespace MlNetSer.Cli.Commands;

/// <summary>The <c>bench</c> command.</summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("bench", "TODO");
        command.SetAction(_ => ExitCodes.Failure);
        return command;
    }
}
