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
}
