using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlNetSer.Data;
using MlNetSer.Features.Store;
using MlNetSer.Models;
using MlNetSer.Pipeline;
using MlNetSer.Synthesis;
using MlNetSer.Training;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>bench scale</c> command: whether training memory stays flat as the corpus grows. Per size it writes a demo
/// corpus of about that many hours, then in a fresh process fills a <see cref="SegmentStore"/> and trains the chosen
/// networks from it with <see cref="SegmentTrainer"/>, and prints the process's peak resident memory, the store and
/// training times and the store's size on disk as JSON.
/// </summary>
/// <remarks>
/// Each size runs in a process of its own (the hidden <c>bench scale-run</c>) so that its peak resident set (the
/// kernel's high-water mark) belongs to that size alone and not to the corpus synthesis or an earlier size.
/// </remarks>
public static class BenchScaleCommand
{
    private const double MeanUtteranceSeconds = 2.5;   // the demo corpus draws 1.5–3.5 s
    private const int UtterancesPerEmotion = 10;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Builds the <c>scale</c> subcommand (attached under <c>bench</c>).</summary>
    public static Command Create()
    {
        var hours = new Option<string>("--hours") { Description = "Corpus sizes in hours of audio, comma-separated.", DefaultValueFactory = _ => "0.5,2" };
        var networks = NetworksOption();
        var cacheDir = new Option<string>("--cache-dir")
        {
            Description = "Folder for the generated corpora (reused by later runs) and the stores (emptied first, so populating is timed).",
            DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "mlnetser-bench-scale"),
        };
        var epochs = CommonOptions.PositiveInt("--epochs", "Epochs to train each network.", 1);
        var threads = CommonOptions.NonNegativeInt("--threads", "Files put in the store at once (0: one per core).", 0);
        var seed = new Option<int>("--seed") { Description = "Seed of the corpus and of training.", DefaultValueFactory = _ => 0 };

        var command = new Command("scale",
            "Per corpus size: demo corpus → segment store → one epoch from the store; prints audio_hours, utterances, peak_rss_mb, "
            + "store_seconds, train_seconds and cache_mb_on_disk as JSON.")
        {
            hours, networks, cacheDir, epochs, threads, seed,
        };
        command.WithExamples(
            "mlnetser bench scale --hours 0.5,2 --networks 3d",
            "mlnetser bench scale --hours 0.25,1 --networks 1d,3d --cache-dir /data/bench > bench-scale.json");
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () => new Settings(ParseHours(parse.GetValue(hours)!), TrainingFlags.ParseNetworks(parse.GetValue(networks)!).ToArray(),
                Path.GetFullPath(parse.GetValue(cacheDir)!), parse.GetValue(epochs), parse.GetValue(threads), parse.GetValue(seed)),
            settings =>
            {
                var report = Run(settings, parse.InvocationConfiguration.Error);
                parse.InvocationConfiguration.Output.WriteLine(report.ToJsonString(Json));
                return ExitCodes.Ok;
            }));
        return command;
    }

    /// <summary>The hidden <c>scale-run</c> subcommand: one size, in the process whose memory is measured.</summary>
    public static Command CreateRun()
    {
        var manifest = new Option<string>("--manifest") { Required = true };
        var store = new Option<string>("--store") { Required = true };
        var networks = NetworksOption();
        var epochs = CommonOptions.PositiveInt("--epochs", "Epochs.", 1);
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var command = new Command("scale-run", "One size of bench scale (run by it in a fresh process).")
        {
            manifest, store, networks, epochs, threads, seed,
        };
        command.Hidden = true;
        command.WithExamples("mlnetser bench scale-run --manifest corpus/manifest.csv --store cache/segments --networks 3d");
        command.SetAction(parse => CommandErrors.Run(parse, () =>
        {
            var result = RunOne(parse.GetValue(manifest)!, parse.GetValue(store)!, TrainingFlags.ParseNetworks(parse.GetValue(networks)!).ToArray(),
                parse.GetValue(epochs), parse.GetValue(threads), parse.GetValue(seed), parse.InvocationConfiguration.Error);
            parse.InvocationConfiguration.Output.WriteLine(result.ToJsonString());
            return ExitCodes.Ok;
        }));
        return command;
    }

    private sealed record Settings(double[] Hours, string[] Networks, string CacheDirectory, int Epochs, int Threads, int Seed);

    private static JsonObject Run(Settings settings, TextWriter log)
    {
        var sizes = new JsonArray();
        foreach (var hours in settings.Hours)
        {
            var name = hours.ToString("0.###", CultureInfo.InvariantCulture) + "h";
            var (manifest, corpusSeconds) = Corpus(Path.Combine(settings.CacheDirectory, "corpus-" + name), hours, settings.Seed, log);
            var store = Path.Combine(settings.CacheDirectory, "store-" + name);
            if (Directory.Exists(store))
                Directory.Delete(store, recursive: true);

            log.WriteLine($"bench scale: {name}: store and train in a fresh process");
            var size = RunChild(["bench", "scale-run", "--manifest", manifest, "--store", store, "--networks", string.Join(',', settings.Networks),
                "--epochs", settings.Epochs.ToString(CultureInfo.InvariantCulture), "--threads", settings.Threads.ToString(CultureInfo.InvariantCulture),
                "--seed", settings.Seed.ToString(CultureInfo.InvariantCulture)], log);
            size["requested_hours"] = hours;
            size["corpus_seconds"] = Math.Round(corpusSeconds, 1);
            size["cache_mb_on_disk"] = Math.Round(FolderBytes(store) / 1048576.0, 1);
            sizes.Add(size);
        }

        var report = new JsonObject
        {
            ["networks"] = new JsonArray(settings.Networks.Select(n => (JsonNode)n).ToArray()),
            ["epochs"] = settings.Epochs,
            ["processor_count"] = Environment.ProcessorCount,
            ["mapped_bytes_budget_mb"] = new SegmentDatasetOptions().MappedBytesBudget / 1048576,
            ["sizes"] = sizes,
        };
        if (sizes.Count > 1)
        {
            report["peak_rss_ratio_largest_to_smallest"] = Math.Round(
                sizes[^1]!["peak_rss_mb"]!.GetValue<double>() / sizes[0]!["peak_rss_mb"]!.GetValue<double>(), 3);
        }

        return report;
    }

    /// <summary>Writes (or reuses) a demo corpus of about <paramref name="hours"/> hours; returns its manifest and the seconds spent writing it.</summary>
    private static (string Manifest, double Seconds) Corpus(string folder, double hours, int seed, TextWriter log)
    {
        var utterances = hours * 3600 / MeanUtteranceSeconds;
        var emotions = EmotionProfile.Defaults.Count;
        var speakers = (int)Math.Clamp(Math.Ceiling(utterances / (emotions * UtterancesPerEmotion)), 2, 999);
        var perEmotion = (int)Math.Max(1, Math.Ceiling(utterances / (emotions * speakers)));
        var manifest = Path.Combine(folder, DemoCorpus.ManifestFileName);
        var stamp = Path.Combine(folder, $"bench-{speakers}x{perEmotion}-seed{seed}.done");
        if (File.Exists(manifest) && File.Exists(stamp))
            return (manifest, 0);

        log.WriteLine($"bench scale: writing a demo corpus of {speakers} speakers × {emotions} emotions × {perEmotion} utterances into {folder}");
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        var clock = Stopwatch.StartNew();
        DemoCorpus.Write(folder, new DemoCorpusOptions { Speakers = speakers, UtterancesPerEmotion = perEmotion, Seed = seed });
        File.WriteAllText(stamp, "");
        return (manifest, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Runs this program again with <paramref name="arguments"/>; its standard error is passed on, its output is one JSON object.</summary>
    private static JsonObject RunChild(string[] arguments, TextWriter log)
    {
        var cli = typeof(BenchScaleCommand).Assembly.Location;
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(cli);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"bench scale: cannot start {host} {cli}.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                log.WriteLine(e.Data);
        };
        process.BeginErrorReadLine();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"bench scale: the measuring process failed (exit code {process.ExitCode}); its error is above.");
        return JsonNode.Parse(output)!.AsObject();
    }

    /// <summary>One size: store every file of the manifest, then train each network from the store; all in this process.</summary>
    private static JsonObject RunOne(string manifestPath, string storePath, string[] networks, int epochs, int threads, int seed, TextWriter log)
    {
        var manifest = SerManifest.Read(manifestPath);
        manifest.ThrowIfProblems();
        var labels = manifest.Labels.ToList();
        var kinds = networks.Select(KindOf).ToArray();
        var store = new SegmentStore(new SegmentStoreOptions { Directory = storePath, Threads = threads });

        var clock = Stopwatch.StartNew();
        var stored = store.Populate(manifest.Entries.Select(e => e.Path).ToArray(), kinds.Select(k => k.Segments), new LogProgress(log));
        var storeSeconds = clock.Elapsed.TotalSeconds;
        foreach (var failure in stored.Failures)
            log.WriteLine($"error: {failure}");
        var storePeak = PeakResidentBytes();

        var results = new JsonObject();
        clock.Restart();
        foreach (var (name, (segments, network)) in networks.Zip(kinds))
        {
            var utterances = manifest.Entries.Zip(stored.Files).Where(p => p.Second is not null)
                .Select(p => new StoredUtterance(p.First.Path, p.Second![segments], labels.IndexOf(p.First.Label), p.First.Speaker));
            using var all = SegmentDataset.FromStore(utterances);
            var (training, validation) = all.Split(SpeakerSplit.HoldOut(all.Speakers, 0.2, seed));
            var options = new TrainerOptions { Epochs = epochs, Patience = 0, Seed = seed };
            log.WriteLine($"bench scale: training {name} on {training.SegmentCount} segments from the store");
            var trained = new SegmentTrainer(options).Train(() => NetworkFactory.Create(network, labels.Count), training, validation);
            trained.Network.Dispose();
            results[name] = new JsonObject
            {
                ["training_segments"] = training.SegmentCount,
                ["validation_segments"] = validation?.SegmentCount ?? 0,
                ["epoch_seconds"] = Math.Round(trained.History.Sum(h => h.EpochSeconds), 2),
                ["compute_seconds"] = Math.Round(trained.History.Sum(h => h.ComputeSeconds), 2),
                ["input_overhead"] = Math.Round(trained.History.Sum(h => h.EpochSeconds) / trained.History.Sum(h => h.ComputeSeconds), 3),
                ["validation_seconds"] = Math.Round(trained.History.Sum(h => h.ValidationSeconds), 2),
            };
        }

        return new JsonObject
        {
            ["audio_hours"] = Math.Round(stored.Files.Sum(f => f?.DurationSeconds ?? 0) / 3600, 3),
            ["utterances"] = stored.Files.Count(f => f is not null),
            ["failed"] = stored.Failures.Count,
            ["peak_rss_mb"] = Math.Round(PeakResidentBytes() / 1048576.0, 1),
            ["store_peak_rss_mb"] = Math.Round(storePeak / 1048576.0, 1),
            ["store_seconds"] = Math.Round(storeSeconds, 2),
            ["store_audio_seconds_per_second"] = Math.Round(stored.AudioSeconds / storeSeconds, 1),
            ["train_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2),
            ["networks"] = results,
        };
    }

    // The scale benchmark's 2d network is AlexNet, the paper's.
    private static (SegmentKind Segments, NetworkKind Network) KindOf(string network)
    {
        var id = SerNetworkId.Parse(network);
        return (id.Input, id.KindWith(NetworkKind.AlexNet2d));
    }

    // The kernel's high-water mark of this process's resident set (VmHWM on Linux), so no spike between samples is missed.
    private static long PeakResidentBytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }

    private static long FolderBytes(string folder)
        => Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    private static double[] ParseHours(string text)
    {
        var values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) && h > 0 && h <= 100
                ? h : throw new ArgumentException($"--hours: '{v}' is not a number of hours in (0, 100]."))
            .ToArray();
        return values.Length > 0 ? values : throw new ArgumentException("--hours: give at least one size.");
    }

    private static Option<string> NetworksOption()
        => new("--networks") { Description = "Networks to train, comma-separated: any of 1d, 2d (AlexNet), 3d.", DefaultValueFactory = _ => "3d" };

    /// <summary>A plain line about every tenth of the files, as the CLI's progress lines go when standard error is not a terminal.</summary>
    private sealed class LogProgress(TextWriter log) : IProgress<SegmentStoreProgress>
    {
        private int _lastTenth = -1;

        public void Report(SegmentStoreProgress value)
        {
            var tenth = value.FilesDone * 10 / Math.Max(1, value.FilesTotal);
            if (tenth == _lastTenth)
                return;
            _lastTenth = tenth;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"store: {value.FilesDone}/{value.FilesTotal} files, {value.AudioSecondsPerSecond:0.0} s of audio/s, eta {value.Eta ?? TimeSpan.Zero:hh\\:mm\\:ss}"));
        }
    }
}
