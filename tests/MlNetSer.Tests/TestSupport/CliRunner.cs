using System.Diagnostics;
using MlNetSer.Cli;

namespace MlNetSer.Tests.TestSupport;

/// <summary>What a CLI run printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs <c>mlnetser</c> in this process or as a fresh <c>dotnet MlNetSer.Cli.dll</c> process.</summary>
internal static class CliRunner
{
    public static CliResult InProcess(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(args, output, error);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>The CLI built beside the tests (the test project references it).</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "MlNetSer.Cli.dll");

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        // dotnet test sets DOTNET_HOST_PATH to the muxer that runs it, which need not be on PATH.
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CliDll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return info;
    }

    public static CliResult FreshProcess(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CliResult(process.ExitCode, output.Result, error.Result);
    }
}
