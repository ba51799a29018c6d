using System.CommandLine;
using System.Reflection;
using MlNetSer.Audio;
using MlNetSer.Transforms;

namespace MlNetSer.Cli;

/// <summary>
/// Turns exceptions into the CLI's error contract: one line <c>error: &lt;message&gt;</c> on stderr
/// (the stack trace only with <c>--verbose</c>) and the matching exit code.
/// </summary>
public static partial class CommandErrors
{
    /// <summary>
    /// Runs <paramref name="body"/>: an <see cref="ArgumentException"/> (an invalid option value, as thrown
    /// by the options' <c>Validate</c>) exits with <see cref="ExitCodes.Usage"/>, anything else with
    /// <see cref="ExitCodes.Failure"/>.
    /// </summary>
    public static int Run(ParseResult parseResult, Func<int> body) => Run(parseResult, body, exitCode => exitCode);

    /// <summary>
    /// Runs <paramref name="bind"/> then <paramref name="run"/>: an <see cref="ArgumentException"/> from
    /// <paramref name="bind"/> (turning the parsed values into validated options) exits with
    /// <see cref="ExitCodes.Usage"/>; any other exception, and any from <paramref name="run"/> (where an
    /// <see cref="ArgumentException"/> is about the inputs, not the command line), with <see cref="ExitCodes.Failure"/>.
    /// </summary>
    public static int Run<TOptions>(ParseResult parseResult, Func<TOptions> bind, Func<TOptions, int> run)
    {
        TOptions options;
        try
        {
            options = bind();
        }
        catch (ArgumentException ex)
        {
            Report(parseResult, ex, hint: HelpHint(parseResult));
            return ExitCodes.Usage;
        }
        catch (Exception ex)
        {
            Report(parseResult, ex);
            return ExitCodes.Failure;
        }

        try
        {
            return run(options);
        }
        catch (Exception ex)
        {
            Report(parseResult, ex);
            return ExitCodes.Failure;
        }
    }

    /// <summary>Writes one line describing <paramref name="exception"/> to the error writer, with the stack trace under <c>--verbose</c>.</summary>
    /// <param name="parseResult">The parse result that holds the writers and the <c>--verbose</c> flag.</param>
    /// <param name="exception">What went wrong.</param>
    /// <param name="input">The input file being processed, named unless the message already names it.</param>
    /// <param name="hint">Text appended to the line, e.g. <see cref="HelpHint"/>.</param>
    public static void Report(ParseResult parseResult, Exception exception, string? input = null, string? hint = null)
    {
        var message = hint is null ? Describe(exception, input) : $"{Describe(exception, input)} {hint}";
        var verbose = parseResult.GetValue(CommonOptions.Verbose);
        if (ProgressDisplay.Live is { } live)
        {
            // Above the live bars, which would otherwise be redrawn over the line.
            live.Message($"error: {message}");
            if (verbose)
                live.Message(exception.ToString());
            return;
        }

        var error = parseResult.InvocationConfiguration.Error;
        lock (error)
        {
            error.WriteLine($"error: {message}");
            if (verbose)
                error.WriteLine(exception.ToString());
        }
    }

    /// <summary>"(see 'mlnetser bench features --help')" for the command that was parsed.</summary>
    public static string HelpHint(ParseResult parseResult) => $"(see '{CommandPath(parseResult.CommandResult.Command)} --help')";

    private static string CommandPath(Command command)
        => command.Parents.OfType<Command>().FirstOrDefault() is { } parent
            ? $"{CommandPath(parent)} {command.Name}"
            : command.Name;

    /// <summary>The one-line text for <paramref name="exception"/>: messages are single-lined and the input file is named.</summary>
    public static string Describe(Exception exception, string? input = null)
    {
        // ML.NET wraps what a mapping throws (worker threads, reflection); the audio error names the file and the problem.
        exception = SerTransformErrors.FindAudioError(exception) ?? Unwrap(exception);
        var message = exception switch
        {
            // Its message already reads "<path>: <problem>".
            AudioDecodingException decoding => decoding.Message,
            _ => exception.Message,
        };
        message = string.Join(' ', WithoutNativeBacktrace(message).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        // .NET's "(Parameter 'speakers')" names a C# parameter, which means nothing on a command line, wherever it was wrapped.
        message = ParameterSuffix().Replace(message, string.Empty);
        if (input is not null && exception is not AudioDecodingException && !message.Contains(input, StringComparison.Ordinal))
            message = $"{input}: {message}";
        return message;
    }

    // libtorch appends a C++ backtrace of some kilobytes ("Exception raised from … frame #0: …") to its messages.
    private static string WithoutNativeBacktrace(string message)
    {
        var cut = message.IndexOf("Exception raised from ", StringComparison.Ordinal);
        if (cut < 0)
            cut = message.IndexOf("frame #0", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@" \(Parameter '[^']*'\)")]
    private static partial System.Text.RegularExpressions.Regex ParameterSuffix();

    private static Exception Unwrap(Exception exception)
    {
        while (exception is TargetInvocationException or AggregateException && exception.InnerException is not null)
            exception = exception.InnerException;
        return exception;
    }
}
