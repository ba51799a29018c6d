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
        => AtLeast(name, description, defaultValue, 1, $"{name} must be at least 1.");

    /// <summary>A new integer option whose value must be 0 or more, 0 usually meaning "automatic" (a usage error names it otherwise).</summary>
    public static Option<int> NonNegativeInt(string name, string description, int defaultValue)
        => AtLeast(name, description, defaultValue, 0, $"{name} must be 0 or positive.");

    private static Option<int> AtLeast(string name, string description, int defaultValue, int minimum, string error)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < minimum)
                r.AddError(error);
        });
        return option;
    }
}
