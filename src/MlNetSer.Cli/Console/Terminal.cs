using Spectre.Console;

// The types under Console/ live in MlNetSer.Cli: a namespace MlNetSer.Cli.Console would hide System.Console
// from every command.
namespace MlNetSer.Cli;

/// <summary>
/// Whether a writer is an interactive terminal, and Spectre.Console consoles that never write ANSI escapes
/// to anything else (tests, pipes, files, CI logs).
/// </summary>
public static class Terminal
{
    /// <summary>
    /// True when <paramref name="writer"/> is the process's own standard output or error and that stream is a
    /// terminal (not redirected, <c>TERM</c> not <c>dumb</c>); a writer handed in by a caller (tests) never is.
    /// </summary>
    public static bool IsInteractive(TextWriter writer)
    {
        if (Environment.GetEnvironmentVariable("TERM") == "dumb")
            return false;
        if (ReferenceEquals(writer, System.Console.Out))
            return !System.Console.IsOutputRedirected;
        if (ReferenceEquals(writer, System.Console.Error))
            return !System.Console.IsErrorRedirected;
        return false;
    }

    /// <summary>
    /// A Spectre.Console console over <paramref name="writer"/>: colours and cursor movement on an interactive
    /// terminal, plain text otherwise.
    /// </summary>
    public static IAnsiConsole CreateConsole(TextWriter writer)
    {
        var interactive = IsInteractive(writer);
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
    }
}
