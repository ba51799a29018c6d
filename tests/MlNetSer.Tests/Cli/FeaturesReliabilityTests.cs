using System.Diagnostics;
using System.Text.Json;
using MlNetSer.Cli;

namespace MlNetSer.Tests.Cli;

/// <summary>
/// <c>features</c> on an unlucky file system: a disk that fills up, Ctrl-C and SIGTERM, FIFOs, files cut short. Nothing
/// half-written is left, and the files that can be done are done.
/// </summary>
public sealed class FeaturesReliabilityTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [SmallFileSystemFact]
    public void AFullDisk_LeavesNoTemporaries_SoLaterFilesThatFitAreWritten()
    {
        using var disk = new SmallFileSystem(megabytes: 5);
        // 30 s make about 9 MB of tensors; the three small ones a few hundred KB each.
        var big = TestWav.Write(_dir.Path, "long.wav", 30);
        var small = new[] { TestWav.Write(_dir.Path, "good.wav", 1.0), TestWav.Write(_dir.Path, "ten_ms.wav", 0.01), TestWav.Write(_dir.Path, "one.wav", 1.0 / 22050) };
        var output = Path.Combine(disk.Path, "f");

        var result = CliRunner.InProcess(["features", big, .. small, "--out", output, "--threads", "1"]);

        Assert.Equal(ExitCodes.SomeInputsFailed, result.ExitCode);
        var error = Assert.Single(result.ErrorLines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("long.wav", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(disk.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(output, "long")));
        foreach (var name in new[] { "good", "ten_ms", "one" })
            Assert.True(File.Exists(Path.Combine(output, name, "features.json")), name);
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public void ASignalMidRun_RemovesThePartialTensors_AndExitsWith128PlusItsNumber(string signal, int exitCode)
    {
        if (!File.Exists("/bin/sh") || !File.Exists("/usr/bin/env"))
            return;

        // An hour takes seconds to extract (its tensors would take 3.3 GB): a shell starts the command, waits for its
        // first temporary file and signals it, as a user's Ctrl-C or a service manager's stop would. env --default-signal
        // undoes the SIGINT-ignoring that a shell gives background jobs.
        var wav = _dir.File("long.wav");
        TestWav.WriteTones(wav, 60 * 60);
        var output = _dir.File("out");
        var host = CliRunner.StartInfo().FileName;
        var script = $"env --default-signal={signal} '{host}' '{CliRunner.CliDll}' features '{wav}' --out '{output}' & pid=$!; "
            + $"while [ ! -e '{output}/clip3d.npy.tmp' ] && kill -0 $pid 2>/dev/null; do sleep 0.02; done; kill -{signal} $pid; wait $pid; echo \"exit $?\"";
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.True(stdout.Trim() == $"exit {exitCode}", stdout + stderr.Result);
        // How many of the three tensors had been opened when the signal came depends on the machine's load; none may stay.
        Assert.Matches($@"error: interrupted \(SIG{signal}\); [123] partial file\(s\) removed", stderr.Result);
        Assert.Empty(Directory.GetFiles(output));
    }

    [FifoFact]
    public void AFifoAmongTheInputs_IsReportedWithoutWaitingForAWriter()
    {
        var fifo = SpecialFiles.MakeFifo(_dir.File("fifo.wav"));
        var good = TestWav.Write(_dir.Path, "good.wav", 0.5);

        var result = SpecialFiles.WithoutBlocking(() => CliRunner.InProcess("features", fifo, good, "--out", _dir.File("o")));

        Assert.Equal(ExitCodes.SomeInputsFailed, result.ExitCode);
        Assert.Contains($"error: {fifo}: is a named pipe (FIFO), not a regular file; only regular files are read", result.ErrorLines);
        Assert.True(File.Exists(_dir.File("o/good/features.json")));
    }

    [Fact]
    public void ACutMp3_IsAnError_AndAWholeOneReportsItsDecodedDuration()
    {
        var whole = Path.Combine(AppContext.BaseDirectory, "Data", "tone1k-stereo-44100.mp3");
        var bytes = File.ReadAllBytes(whole);
        var cut = _dir.Write("t.mp3", bytes[..(bytes.Length * 2 / 5)]);

        var result = CliRunner.InProcess("features", cut, whole, "--out", _dir.File("o"), "--json");

        Assert.Equal(ExitCodes.SomeInputsFailed, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var failed = Assert.Single(lines, l => l.TryGetProperty("error", out _));
        Assert.Contains("the file is truncated: its audio ends after", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        var done = Assert.Single(lines, l => l.TryGetProperty("duration_seconds", out _));
        var written = JsonDocument.Parse(File.ReadAllText(_dir.File("o/tone1k-stereo-44100/features.json"))).RootElement;
        var decoded = MlNetSer.Audio.AudioReader.Load(whole).Samples.Length / 22050.0;
        Assert.Equal(decoded, done.GetProperty("duration_seconds").GetDouble(), 6);
        Assert.Equal(decoded, written.GetProperty("input").GetProperty("duration_seconds").GetDouble(), 6);
    }

    [Fact]
    public void AFailedInput_LeavesNoEmptyOutputFolder()
    {
        var bad = _dir.Write("bad.wav", []);
        var good = TestWav.Write(_dir.Path, "good.wav", 0.2);

        Assert.Equal(ExitCodes.Failure, CliRunner.InProcess("features", bad, "--out", _dir.File("one")).ExitCode);
        Assert.Equal(ExitCodes.SomeInputsFailed, CliRunner.InProcess("features", bad, good, "--out", _dir.File("two")).ExitCode);
        Assert.Equal(ExitCodes.Failure, CliRunner.InProcess("features", bad, bad, "--out", _dir.File("three")).ExitCode);

        Assert.False(Directory.Exists(_dir.File("one")));
        Assert.Equal([_dir.File("two/good")], Directory.GetDirectories(_dir.File("two")));
        Assert.False(Directory.Exists(_dir.File("three")));
    }
}
