using System.CommandLine;
using System.Text.Json;
using MlNetSer.Features;

namespace MlNetSer.Cli.Commands;

/// <summary>The <c>bench</c> command: speed measurements, one subcommand per stage.</summary>
public static class BenchCommand
{
    /// <summary>Builds the command with its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("bench", "Measure the speed of a stage and print the result as JSON (always JSON: these are figures for scripts and reports).");
        command.WithExamples(
            "mlnetser bench features --seconds 600 --threads 2",
            "mlnetser bench train --threads 1",
            "mlnetser bench scale --hours 0.5,2 --networks 3d",
            "mlnetser bench predict --files 100 --backbone alexnet");
        command.Subcommands.Add(CreateFeatures());
        command.Subcommands.Add(BenchTrainCommand.Create());
        command.Subcommands.Add(BenchScaleCommand.Create());
        command.Subcommands.Add(BenchScaleCommand.CreateRun());
        command.Subcommands.Add(BenchPredictCommand.Create());
        command.Subcommands.Add(BenchExportCommand.Create());
        return command;
    }

    private static Command CreateFeatures()
    {
        var seconds = new Option<double>("--seconds")
        {
            Description = "Seconds of synthetic audio to extract features from.",
            DefaultValueFactory = _ => 600,
        };
        seconds.Validators.Add(result =>
        {
            if (!(result.GetValueOrDefault<double>() > 0))
                result.AddError("--seconds must be positive.");
        });
        var threads = new Option<int>("--threads")
        {
            Description = "Worker threads.",
            DefaultValueFactory = _ => 1,
        };
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
                result.AddError("--threads must be at least 1.");
        });

        var command = new Command(
            "features",
            "Time the extraction of all three CNN inputs and print {\"audio_seconds\", \"cpu_seconds\", \"wall_seconds\", \"realtime_factor\", \"threads\"} as JSON.");
        command.WithExamples(
            "mlnetser bench features --seconds 600 --threads 1",
            "mlnetser bench features --seconds 60 --threads 2 > bench-features.json");
        command.Options.Add(seconds);
        command.Options.Add(threads);
        command.SetAction(parseResult => CommandErrors.Run(parseResult, () =>
        {
            var result = FeatureBenchmark.Run(parseResult.GetValue(seconds), parseResult.GetValue(threads));
            parseResult.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(result, BenchJson));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static readonly JsonSerializerOptions BenchJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
