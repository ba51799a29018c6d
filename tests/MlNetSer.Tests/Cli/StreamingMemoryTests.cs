using System.Diagnostics;
using System.Globalization;
using MlNetSer.Cli;
using MlNetSer.IO;
using Xunit.Abstractions;

namespace MlNetSer.Tests.Cli;

/// <summary>
/// The features command streams: an hour of audio goes through a child process whose peak resident
/// memory stays far below the ~1.3 GB that the float samples alone would take and the ~3.3 GB of output.
/// </summary>
public class StreamingMemoryTests(ITestOutputHelper log)
{
    private const long PeakLimitBytes = 1L << 30;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task OneHourWavIsProcessedWithPeakMemoryUnderOneGigabyte()
    {
        using var dir = new TempDirectory();
        var wav = dir.File("hour.wav");
        TestWav.WriteTones(wav, 3600, sampleRate: 22050, channels: 1);
        var outDir = dir.File("out");

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(CliRunner.StartInfo("features", wav, "--out", outDir))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakResidentBytes(process));
            await Task.Delay(100);
        }

        await process.WaitForExitAsync();
        clock.Stop();

        log.WriteLine($"1 h WAV: exit {process.ExitCode}, {clock.Elapsed.TotalSeconds:F1} s, peak RSS {peak / (1 << 20)} MiB");
        Assert.True(process.ExitCode == ExitCodes.Ok, await error);
        Assert.True(peak > 0, "VmHWM was never read");
        Assert.True(peak < PeakLimitBytes, $"peak resident memory {peak / (1 << 20)} MiB");

        // 3600 s × 22 050 Hz = 79 380 000 samples: 127 008 segments; 360 816 frames → 12 026 segments → 12 023 clips.
        Assert.Equal(new long[] { 127_008, 1, 625 }, NpyReader.ReadShape(Path.Combine(outDir, "wave1d.npy")));
        Assert.Equal(new long[] { 12_026, 3, 64, 64 }, NpyReader.ReadShape(Path.Combine(outDir, "mel2d.npy")));
        Assert.Equal(new long[] { 12_023, 3, 4, 64, 64 }, NpyReader.ReadShape(Path.Combine(outDir, "clip3d.npy")));
        Assert.Contains("wave1d [127008,1,625]", await output);
    }

    /// <summary>Peak resident memory of a running process so far; 0 once it is gone.</summary>
    private static long PeakResidentBytes(Process process)
    {
        if (!OperatingSystem.IsLinux())
        {
            process.Refresh();
            return process.HasExited ? 0 : process.PeakWorkingSet64;
        }

        // VmHWM is the kernel's high-water mark of resident memory, so sampling misses no spike.
        try
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
