using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace MlNetSer.Cli;

/// <summary>System.CommandLine's help followed by an "Examples:" section from <see cref="HelpText"/>.</summary>
public sealed class ExamplesHelpAction(HelpAction help) : SynchronousCommandLineAction
{
    /// <inheritdoc/>
    public override bool Terminating => true;

    /// <inheritdoc/>
    public override bool ClearsParseErrors => true;

    /// <inheritdoc/>
    public override int Invoke(ParseResult parseResult)
    {
        var exitCode = help.Invoke(parseResult);
        var examples = HelpText.ExamplesOf(parseResult.CommandResult.Command);
        if (examples.Count > 0)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in examples)
                output.WriteLine("  " + example);
            output.WriteLine();
        }

        return exitCode;
    }
}
