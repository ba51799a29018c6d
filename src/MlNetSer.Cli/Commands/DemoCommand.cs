using System.CommandLine;

namespace MlNetSer.Cli.Commands;

/// <summary>The <c>demo</c> command.</summary>
public static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("demo", "TODO");
        command.SetAction(_ => ExitCodes.Failure);
        return command;
    }
}
