using System.CommandLine;

namespace MlNetSer.Cli;

/// <summary>Options shared by every command.</summary>
public static class CommonOptions
{
    /// <summary>Print stack traces with errors.</summary>
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Print stack traces with errors.",
        Recursive = true,
    };

    /// <summary>No progress on standard error (errors and warnings still are).</summary>
    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress output (errors and warnings are still written).",
        Recursive = true,
    };

    /// <summary>
    /// A new <c>--json</c> flag (one per command): standard output then holds only JSON, described by
    /// <paramref name="description"/>; progress and warnings stay on standard error.
    /// </summary>
    public static Option<bool> Json(string description) => new("--json") { Description = description };

    /// <summary>A new integer option whose value must be at least 1 (a usage error names it otherwise).</summary>
    public static Option<int> PositiveInt(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
                r.AddError($"{name} must be at least 1.");
        });
        return option;
    }
}
