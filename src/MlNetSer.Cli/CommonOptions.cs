using System.CommandLine;
using MlNetSer.Platform;

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

    /// <summary>
    /// A new <c>--device</c> option (one per command; the same definition on every command that trains or scores):
    /// <c>auto</c> (the default), <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>, parsed by <see cref="SerDevice.TryParse"/>; anything
    /// else is a usage error that says what is accepted. Resolve the value with <see cref="ResolveDevice"/>.
    /// </summary>
    public static Option<SerDevice> Device()
    {
        var option = new Option<SerDevice>("--device")
        {
            Description = "Where to train and score: auto (CUDA device 0 when TorchSharp and ONNX Runtime can both use it, else the CPU), "
                + "cpu, cuda or cuda:N. The progress output and --json say which device was used; docs/gpu.md tells what a CUDA build needs.",
            HelpName = "auto|cpu|cuda[:N]",
            DefaultValueFactory = _ => SerDevice.Auto,
        };
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(' ', result.Tokens.Select(t => t.Value));
            if (SerDevice.TryParse(text, out var device))
                return device;
            result.AddError($"--device: '{text}' is not a device: use auto, cpu, cuda or cuda:N (N = 0, 1, … the CUDA device number).");
            return default;
        };
        return option;
    }

    /// <summary>
    /// The concrete device for a <c>--device</c> value (<see cref="SerDevice.Resolve"/>). A CUDA device that cannot be used is
    /// a usage error (exit code 1) whose message names each library's problem, raised before any work starts.
    /// </summary>
    /// <exception cref="ArgumentException">A CUDA device was asked for and TorchSharp or ONNX Runtime cannot use it.</exception>
    public static SerDevice ResolveDevice(SerDevice requested)
    {
        try
        {
            return requested.Resolve();
        }
        catch (SerDeviceUnavailableException e)
        {
            throw new ArgumentException($"--device {requested}: {e.Message}", e);
        }
    }

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
