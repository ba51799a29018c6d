using System.CommandLine;
using System.Runtime.CompilerServices;

namespace MlNetSer.Cli;

/// <summary>
/// The examples of each command, shown by <see cref="ExamplesHelpAction"/> under its <c>--help</c> (and only
/// there: a description would also fill the parent's command list).
/// </summary>
public static class HelpText
{
    private static readonly ConditionalWeakTable<Command, string[]> Examples = [];

    /// <summary>Registers <paramref name="examples"/>, one command line each, starting with <c>mlnetser</c>.</summary>
    /// <returns><paramref name="command"/>, to chain.</returns>
    public static T WithExamples<T>(this T command, params string[] examples)
        where T : Command
    {
        if (examples.Length == 0 || examples.Any(e => !e.StartsWith(Program.CommandName + " ", StringComparison.Ordinal)))
            throw new ArgumentException($"Every example starts with '{Program.CommandName} '.", nameof(examples));
        Examples.AddOrUpdate(command, examples);
        return command;
    }

    /// <summary>The examples registered for <paramref name="command"/> (none if it has none).</summary>
    public static IReadOnlyList<string> ExamplesOf(Command command)
        => Examples.TryGetValue(command, out var examples) ? examples : [];
}
