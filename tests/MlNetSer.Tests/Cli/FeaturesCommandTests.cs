using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Audio;
using MlNetSer.Cli;
using MlNetSer.Cli.Commands;
using MlNetSer.Features;
using MlNetSer.IO;
using MlNetSer.Transforms;

namespace MlNetSer.Tests.Cli;

public class FeaturesCommandTests
{
    private static void AssertTensor(SegmentTensor expected, string path)
    {
        var actual = NpyReader.Read(path);
        Assert.Equal(expected.Shape.Select(d => (long)d), actual.Shape);
        Assert.Equal(expected.Data, actual.Data);
    }

    private static void AssertMatchesInMemoryExtraction(string wav, string outDir, FeatureOptions options)
    {
        var expected = FeatureExtractor.Extract(AudioReader.Load(wav, options.Mel.SampleRate).Samples, options);
        AssertTensor(expected.Waveform, Path.Combine(outDir, "wave1d.npy"));
        AssertTensor(expected.Mel, Path.Combine(outDir, "mel2d.npy"));
        AssertTensor(expected.Clips, Path.Combine(outDir, "clip3d.npy"));
    }

    [Fact]
    public void WritesTheSameTensorsAsTheInMemoryExtractor()
    {
        using var dir = new TempDirectory();
        var wav = dir.File("speech.wav");
        TestWav.WriteTones(wav, 2.5);
        var outDir = dir.File("out");

        var result = CliRunner.InProcess("features", wav, "--out", outDir);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        AssertMatchesInMemoryExtraction(wav, outDir, new FeatureOptions());
        // 2.5 s = 55 125 samples: 88 segments of 625; 249 frames → 7 segments of 64 → 4 clips of depth 4.
        Assert.Equal(new long[] { 88, 1, 625 }, NpyReader.ReadShape(Path.Combine(outDir, "wave1d.npy")));
        Assert.Equal(new long[] { 7, 3, 64, 64 }, NpyReader.ReadShape(Path.Combine(outDir, "mel2d.npy")));
        Assert.Equal(new long[] { 4, 3, 4, 64, 64 }, NpyReader.ReadShape(Path.Combine(outDir, "clip3d.npy")));
        Assert.DoesNotContain(Directory.GetFiles(outDir), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void SampleRate16k_OnTheCommandLine_ComputesWhatTheTransformComputesAt16k()
    {
        using var dir = new TempDirectory();
        var wav = dir.File("speech.wav");
        TestWav.WriteTones(wav, 2.0);
        var outDir = dir.File("out");
        var ml = new Microsoft.ML.MLContext(seed: 1);
        var files = MlNetSer.Pipeline.SerInput.Load(ml, [wav]);

        var result = CliRunner.InProcess("features", wav, "--out", outDir, "--sample-rate", "16000");
        var mel = ml.Transforms.SerLoadAudio("Samples", "Path", 16000)
            .Append(ml.Transforms.SerMelSegments("Mel", "Samples", sampleRate: 16000))
            .Fit(files).Transform(files);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var expected = mel.GetColumn<float[]>("Mel").Single();
        var written = NpyReader.Read(Path.Combine(outDir, "mel2d.npy"));
        Assert.Equal(expected, written.Data);
        // 25 ms and 10 ms at 16 kHz: 2 s give 1 + (32 000 − 400) / 160 = 198 frames → 5 segments of 64 frames, hop 30.
        Assert.Equal(new long[] { 5, 3, 64, 64 }, written.Shape);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "features.json")));
        var options = manifest.RootElement.GetProperty("options").GetProperty("mel");
        Assert.Equal(400, options.GetProperty("window_length").GetInt32());
        Assert.Equal(160, options.GetProperty("hop_length").GetInt32());
    }

    [Fact]
    public void ManifestRecordsShapesParametersInputAndVersion()
    {
        using var dir = new TempDirectory();
        var wav = dir.File("stereo16k.wav");
        TestWav.WriteTones(wav, 1.5, sampleRate: 16000, channels: 2);
        var outDir = dir.File("out");

        var result = CliRunner.InProcess(
            "features", wav, "--out", outDir,
            "--segment-length", "125", "--segment-hop", "100", "--scale", "128", "--mel-bands", "40", "--fmin", "50",
            "--fmax", "7000", "--log-floor", "1e-8", "--segment-frames", "32", "--segment-frame-hop", "16",
            "--delta-width", "3", "--clip-depth", "6", "--window", "512", "--hop", "256", "--fft", "512", "--sample-rate", "16000");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "features.json")));
        var root = json.RootElement;
        Assert.Equal(FeatureManifest.LibraryVersion, root.GetProperty("mlnetser_version").GetString());
        Assert.StartsWith("0.", FeatureManifest.LibraryVersion);
        var input = root.GetProperty("input");
        Assert.Equal(wav, input.GetProperty("path").GetString());
        Assert.Equal(16000, input.GetProperty("sample_rate").GetInt32());
        Assert.Equal(2, input.GetProperty("channels").GetInt32());
        Assert.Equal(1.5, input.GetProperty("duration_seconds").GetDouble(), 6);
        Assert.StartsWith("wav", input.GetProperty("format").GetString());
        Assert.Equal(16000, root.GetProperty("sample_rate").GetInt32());

        var waveform = root.GetProperty("options").GetProperty("waveform");
        Assert.Equal(125, waveform.GetProperty("segment_length").GetInt32());
        Assert.Equal(100, waveform.GetProperty("hop").GetInt32());
        Assert.Equal(128, waveform.GetProperty("scale").GetSingle());
        var mel = root.GetProperty("options").GetProperty("mel");
        Assert.Equal(16000, mel.GetProperty("sample_rate").GetInt32());
        Assert.Equal(512, mel.GetProperty("window_length").GetInt32());
        Assert.Equal(256, mel.GetProperty("hop_length").GetInt32());
        Assert.Equal(512, mel.GetProperty("fft_size").GetInt32());
        Assert.Equal(40, mel.GetProperty("mel_bands").GetInt32());
        Assert.Equal(50, mel.GetProperty("min_frequency").GetDouble());
        Assert.Equal(7000, mel.GetProperty("max_frequency").GetDouble());
        Assert.Equal(1e-8, mel.GetProperty("log_floor").GetDouble());
        Assert.Equal(32, mel.GetProperty("segment_frames").GetInt32());
        Assert.Equal(16, mel.GetProperty("segment_hop").GetInt32());
        Assert.Equal(3, mel.GetProperty("delta_width").GetInt32());
        Assert.Equal(6, root.GetProperty("options").GetProperty("clip").GetProperty("depth").GetInt32());

        // 24 000 samples → 239 segments of 125 at hop 100; 92 frames → 4 segments of 32 → 1 clip of depth 6 (padded).
        var tensors = root.GetProperty("tensors");
        long[] Shape(string name) => [.. tensors.GetProperty(name).GetProperty("shape").EnumerateArray().Select(e => e.GetInt64())];
        Assert.Equal(new long[] { 239, 1, 125 }, Shape("wave1d"));
        Assert.Equal(new long[] { 4, 3, 40, 32 }, Shape("mel2d"));
        Assert.Equal(new long[] { 1, 3, 6, 40, 32 }, Shape("clip3d"));
        foreach (var name in new[] { "wave1d", "mel2d", "clip3d" })
            Assert.Equal(Shape(name), NpyReader.ReadShape(Path.Combine(outDir, tensors.GetProperty(name).GetProperty("file").GetString()!)));

        var manifest = FeatureManifest.Load(Path.Combine(outDir, "features.json"));
        AssertMatchesInMemoryExtraction(wav, outDir, manifest.Options);
    }

    [Theory]
    [InlineData("--segment-length", "0")]
    [InlineData("--mel-bands", "-3")]
    [InlineData("--fmax", "1e9")]
    [InlineData("--clip-depth", "0")]
    public void InvalidOptionValueIsAOneLineUsageError(string flag, string value)
    {
        using var dir = new TempDirectory();
        var wav = dir.File("a.wav");
        TestWav.WriteTones(wav, 1);

        var result = CliRunner.InProcess("features", wav, "--out", dir.File("out"), flag, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error: {flag} ", line);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Theory]
    [InlineData("features", "a.wav", "--out", "o", "--fft", "many")]
    [InlineData("features", "a.wav")]
    [InlineData("features", "--out", "o")]
    [InlineData("features", "a.wav", "--out", "o", "--no-such-flag")]
    [InlineData("features", "a.wav", "--out", "o", "--threads", "0")]
    public void CommandLineErrorsAreOneLineUsageErrors(params string[] args)
    {
        var result = CliRunner.InProcess(args);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains("mlnetser features --help", line);
    }

    public static TheoryData<string> BadInputs => ["missing", "directory", "empty", "not audio"];

    private static string MakeBadInput(TempDirectory dir, string kind)
    {
        switch (kind)
        {
            case "missing":
                return dir.File("missing.wav");
            case "directory":
                Directory.CreateDirectory(dir.File("folder.wav"));
                return dir.File("folder.wav");
            case "empty":
                File.WriteAllBytes(dir.File("empty.wav"), []);
                return dir.File("empty.wav");
            default:
                File.WriteAllText(dir.File("notes.wav"), "These are meeting notes, not audio.\n");
                return dir.File("notes.wav");
        }
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputFailsWithOneLineNamingTheFile(string kind)
    {
        using var dir = new TempDirectory();
        var input = MakeBadInput(dir, kind);

        var result = CliRunner.InProcess("features", input, "--out", dir.File("out"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error: {input}: ", line);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.False(File.Exists(Path.Combine(dir.File("out"), "wave1d.npy")));
        Assert.Empty(Directory.Exists(dir.File("out")) ? Directory.GetFiles(dir.File("out")) : []);
    }

    [Fact]
    public void VerbosePrintsTheStackTrace()
    {
        using var dir = new TempDirectory();
        var input = MakeBadInput(dir, "not audio");
        var result = CliRunner.InProcess("features", input, "--out", dir.File("out"), "--verbose");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.StartsWith($"error: {input}: ", result.ErrorLines[0]);
        Assert.Contains("   at ", result.Error);
    }

    [Fact]
    public void BatchWithOneBadFileWritesTheOthersAndExitsTwo()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("a"));
        Directory.CreateDirectory(dir.File("b"));
        var first = dir.File("a/take.wav");
        var second = dir.File("b/take.wav"); // same stem: must not overwrite the first
        var other = dir.File("other.wav");
        TestWav.WriteTones(first, 1.0);
        TestWav.WriteTones(second, 2.0);
        TestWav.WriteTones(other, 0.5, sampleRate: 44100, channels: 2);
        var bad = MakeBadInput(dir, "not audio");
        var outDir = dir.File("out");

        var result = CliRunner.InProcess("features", first, bad, second, other, "--out", outDir, "--threads", "2", "--quiet");

        Assert.Equal(ExitCodes.SomeInputsFailed, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error: {bad}: ", line);
        Assert.Equal(new long[] { 35, 1, 625 }, NpyReader.ReadShape(Path.Combine(outDir, "take", "wave1d.npy")));
        Assert.Equal(new long[] { 70, 1, 625 }, NpyReader.ReadShape(Path.Combine(outDir, "take-2", "wave1d.npy")));
        AssertMatchesInMemoryExtraction(second, Path.Combine(outDir, "take-2"), new FeatureOptions());
        Assert.True(File.Exists(Path.Combine(outDir, "other", "features.json")));
        Assert.False(Directory.Exists(Path.Combine(outDir, "notes")) && Directory.GetFiles(Path.Combine(outDir, "notes")).Length > 0);
    }

    [Fact]
    public void SeveralFilesShowPlainProgressOnStandardError_ResultsOnStandardOutput_NoEscapeCodes()
    {
        using var dir = new TempDirectory();
        var files = new[] { dir.File("a.wav"), dir.File("b.wav"), dir.File("c.wav") };
        for (var i = 0; i < files.Length; i++)
            TestWav.WriteTones(files[i], 0.5 * (i + 1));

        var result = CliRunner.InProcess(["features", .. files, "--out", dir.File("out"), "--threads", "1"]);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(3, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.All(files, f => Assert.Contains($"{f} -> ", result.Output));
        Assert.Collection(result.ErrorLines,
            l => Assert.StartsWith("features: 1/3 files, ", l),
            l => Assert.StartsWith("features: 2/3 files, ", l),
            l => Assert.StartsWith("features: 3/3 files, ", l),
            l => Assert.StartsWith("features: done, 3 files in ", l));
        Assert.All(result.ErrorLines, l => Assert.Contains(" files/s, ", l));
        Assert.All(result.ErrorLines, l => Assert.Contains(" audio-s/s", l));
        Assert.DoesNotContain('\u001b', result.Output + result.Error);
    }

    [Fact]
    public void JsonPrintsOneObjectPerInput_TheBadOneWithItsError()
    {
        using var dir = new TempDirectory();
        var good = dir.File("good.wav");
        TestWav.WriteTones(good, 1.0);
        var bad = MakeBadInput(dir, "not audio");
        var outDir = dir.File("out");

        var result = CliRunner.InProcess("features", good, bad, "--out", outDir, "--json", "--quiet");

        Assert.Equal(ExitCodes.SomeInputsFailed, result.ExitCode);
        var records = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(r => r.GetProperty("path").GetString()!);
        Assert.Equal(2, records.Count);
        Assert.Equal(["path", "error"], records[bad].EnumerateObject().Select(p => p.Name));
        Assert.StartsWith($"{bad}: ", records[bad].GetProperty("error").GetString());
        var ok = records[good];
        Assert.Equal(Path.Combine(outDir, "good"), ok.GetProperty("out").GetString());
        Assert.Equal(1.0, ok.GetProperty("duration_seconds").GetDouble(), 3);
        foreach (var (name, file) in new[] { ("wave1d", "wave1d.npy"), ("mel2d", "mel2d.npy"), ("clip3d", "clip3d.npy") })
        {
            var tensor = ok.GetProperty("tensors").GetProperty(name);
            Assert.Equal(file, tensor.GetProperty("file").GetString());
            Assert.Equal(NpyReader.ReadShape(Path.Combine(outDir, "good", file)), tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        }

        Assert.StartsWith($"error: {bad}: ", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void AllInputsBadExitsThree()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.InProcess("features", MakeBadInput(dir, "missing"), MakeBadInput(dir, "empty"), "--out", dir.File("out"), "--quiet");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal(2, result.ErrorLines.Length);
    }

    [Fact]
    public void OutputDirectoriesDisambiguateRepeatedStems()
    {
        Assert.Equal(["out"], FeaturesCommand.OutputDirectories(["x/a.wav"], "out"));
        var dirs = FeaturesCommand.OutputDirectories(["x/a.wav", "y/a.mp3", "a.wav", "b.wav", "A.wav"], "out");
        Assert.Equal(new[] { "a", "a-2", "a-3", "b", "A-4" }.Select(n => Path.Combine("out", n)), dirs);
    }

    [Fact]
    public void FreshProcessWritesTheSameFilesAsInProcess()
    {
        using var dir = new TempDirectory();
        var wav = dir.File("speech.wav");
        TestWav.WriteTones(wav, 1.2, sampleRate: 48000, channels: 2);

        var fresh = CliRunner.FreshProcess("features", wav, "--out", dir.File("fresh"));
        Assert.True(fresh.ExitCode == ExitCodes.Ok, fresh.Error);
        var inProcess = CliRunner.InProcess("features", wav, "--out", dir.File("in"));
        Assert.Equal(ExitCodes.Ok, inProcess.ExitCode);

        foreach (var name in new[] { "wave1d.npy", "mel2d.npy", "clip3d.npy" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("in"), name)), File.ReadAllBytes(Path.Combine(dir.File("fresh"), name)));
        AssertMatchesInMemoryExtraction(wav, dir.File("fresh"), new FeatureOptions());
    }

    [Fact]
    public void FreshProcessBadInputPrintsOneLineAndNoStackTrace()
    {
        using var dir = new TempDirectory();
        var input = MakeBadInput(dir, "empty");
        var result = CliRunner.FreshProcess("features", input, "--out", dir.File("out"));
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error: {input}: ", line);
        Assert.Equal(string.Empty, result.Output);
    }
}
