using System.Diagnostics;
using Microsoft.ML;
using MlNetSer.Audio;
using MlNetSer.Features;
using MlNetSer.Features.Store;
using MlNetSer.IO;
using MlNetSer.Tests.Transforms;
using MlNetSer.Transforms;

namespace MlNetSer.Tests.Features.Store;

public sealed class SegmentStoreTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string StorePath => _folder.File("store");

    private SegmentStore Store(FeatureOptions? features = null, bool verifyChecksums = true)
        => new(new SegmentStoreOptions { Directory = StorePath, Features = features ?? new FeatureOptions(), Threads = 2, VerifyChecksums = verifyChecksums });

    [Fact]
    public void EntriesAreBitIdenticalToTheTransforms()
    {
        // Stereo 44.1 kHz exercises mixing and resampling; 0.02 s is shorter than one segment of every kind; the
        // paper's 125-sample 1D input and depth-2 clips check that the options reach the extractors.
        var features = new FeatureOptions
        {
            Waveform = new WaveformSegmentOptions { SegmentLength = 125, Hop = 100 },
            Clip = new MelClipOptions { Depth = 2 },
        };
        var paths = new[]
        {
            TestWav.Write(_folder.Path, "long.wav", 2.3, sampleRate: 44100, channels: 2),
            TestWav.Write(_folder.Path, "short.wav", 0.02, seed: 3),
            TestWav.Write(_folder.Path, "mid.wav", 1.1, seed: 4),
        };

        var result = Store(features).Populate(paths, SegmentKinds.All);

        var ml = new MLContext(seed: 1);
        var data = TransformTestData.Paths(ml, paths);
        var output = ml.Transforms.SerLoadAudio("Samples", "Path", features.Mel.SampleRate)
            .Append(ml.Transforms.SerWaveformSegments("Waveform", "Samples", features.Waveform))
            .Append(ml.Transforms.SerMelSegments("Mel", "Samples", features.Mel))
            .Append(ml.Transforms.SerMelClips("Clips", "Mel", features.Clip, features.Mel))
            .Fit(data).Transform(data);
        var columns = new Dictionary<SegmentKind, float[][]>
        {
            [SegmentKind.Waveform] = TransformTestData.Column(output, "Waveform"),
            [SegmentKind.Mel] = TransformTestData.Column(output, "Mel"),
            [SegmentKind.Clip] = TransformTestData.Column(output, "Clips"),
        };
        Assert.Empty(result.Failures);
        Assert.Equal(3, result.Computed);
        for (var i = 0; i < paths.Length; i++)
        {
            var file = result.Files[i]!;
            foreach (var kind in SegmentKinds.All)
            {
                var tensor = file[kind].ReadTensor();
                Assert.Equal(columns[kind][i], tensor.Data);
                Assert.Equal(SegmentKinds.SegmentShape(kind, features), tensor.SegmentShape);
            }

            Assert.Equal(AudioReader.Load(paths[i]).Samples.Length / 22050.0, file.DurationSeconds, 9);
        }

        // 2.3 s: 50 715 samples → 506 1D segments of 125 (hop 100); 228 frames → 6 Mel segments → 5 clips of depth 2.
        Assert.Equal([506, 6, 5], SegmentKinds.All.Select(k => result.Files[0]![k].SegmentCount));
    }

    [Fact]
    public void ASecondRunReusesTheEntriesAndAskingForOneKindComputesOnlyIt()
    {
        var path = TestWav.Write(_folder.Path, "a.wav", 1.5);
        var first = Store().Populate([path], [SegmentKind.Mel]);
        Assert.Equal((1, 0), (first.Computed, first.Reused));
        Assert.Null(Store().TryGet(path, SegmentKind.Waveform));

        var second = Store().Populate([path], [SegmentKind.Mel]);
        Assert.Equal((0, 1), (second.Computed, second.Reused));
        Assert.False(second.Files[0]!.Computed);
        Assert.Equal(first.Files[0]!.DurationSeconds, second.Files[0]!.DurationSeconds);
        Assert.Equal(first.Files[0]![SegmentKind.Mel].ReadTensor().Data, second.Files[0]![SegmentKind.Mel].ReadTensor().Data);
    }

    [Fact]
    public void AChangedFileIsRecomputedInPlaceOfItsOldEntry()
    {
        var path = TestWav.Write(_folder.Path, "a.wav", 1.5, seed: 1);
        var before = Store().Populate([path], [SegmentKind.Clip]).Files[0]![SegmentKind.Clip];
        var beforeData = before.ReadTensor().Data;

        TestWav.Write(_folder.Path, "a.wav", 1.5, seed: 2);    // same size, other samples
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(5));
        Assert.Null(Store().TryGet(path, SegmentKind.Clip));
        var after = Store().Populate([path], [SegmentKind.Clip]);

        Assert.Equal(1, after.Computed);
        var entry = after.Files[0]![SegmentKind.Clip];
        Assert.Equal(before.Path, entry.Path);
        Assert.Equal(Extract(path).Clips.Data, entry.ReadTensor().Data);
        Assert.NotEqual(beforeData, entry.ReadTensor().Data);
        Assert.Single(Directory.GetFiles(StorePath, "*.seg", SearchOption.AllDirectories));
    }

    [Fact]
    public void ChangedOptionsAreRecomputedAndEntriesTheyDoNotAffectAreKept()
    {
        var path = TestWav.Write(_folder.Path, "a.wav", 3);
        Store().Populate([path], SegmentKinds.All);
        var deeper = new FeatureOptions { Clip = new MelClipOptions { Depth = 6 } };
        var store = Store(deeper);

        // The clip depth makes only the clips.
        Assert.NotNull(store.TryGet(path, SegmentKind.Waveform));
        Assert.NotNull(store.TryGet(path, SegmentKind.Mel));
        Assert.Null(store.TryGet(path, SegmentKind.Clip));
        var clips = store.Populate([path], [SegmentKind.Clip]).Files[0]![SegmentKind.Clip];
        Assert.Equal([3, 6, 64, 64], clips.SegmentShape);
        Assert.Equal(Extract(path, deeper).Clips.Data, clips.ReadTensor().Data);

        // The sample rate makes everything; the old options' entries stay valid for them.
        var rate = Store(new FeatureOptions { Mel = new MelSegmentOptions { SampleRate = 16000 } });
        Assert.All(SegmentKinds.All, kind => Assert.Null(rate.TryGet(path, kind)));
        Assert.NotNull(Store().TryGet(path, SegmentKind.Clip));
    }

    [Fact]
    public void AKilledWritersLeftoversAreRemovedAndNeverRead()
    {
        var path = TestWav.Write(_folder.Path, "a.wav", 1.5);
        var entry = Store().Populate([path], [SegmentKind.Mel]).Files[0]![SegmentKind.Mel];
        var expected = entry.ReadTensor().Data;

        // A writer killed halfway: its temporary file holds a good header and half the data, and the entry is missing.
        var bytes = File.ReadAllBytes(entry.Path);
        File.Delete(entry.Path);
        var dead = DeadProcessId();
        var leftover = AtomicFile.TemporaryPath(entry.Path, dead);
        File.WriteAllBytes(leftover, bytes[..(bytes.Length / 2)]);
        // A temporary file of a writer that still runs (this process) is not touched.
        var live = AtomicFile.TemporaryPath(entry.Path, Environment.ProcessId);
        File.WriteAllBytes(live, bytes[..100]);

        Assert.Null(Store().TryGet(path, SegmentKind.Mel));
        var result = Store().Populate([path], [SegmentKind.Mel]);

        Assert.Equal(1, result.LeftoversRemoved);
        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(live));
        Assert.Equal(1, result.Computed);
        Assert.Equal(expected, result.Files[0]![SegmentKind.Mel].ReadTensor().Data);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped data bit")]
    [InlineData("flipped key byte")]
    [InlineData("empty")]
    public void ACorruptOrTruncatedEntryIsDetectedAndRecomputed(string damage)
    {
        var path = TestWav.Write(_folder.Path, "a.wav", 1.5);
        var entry = Store().Populate([path], [SegmentKind.Mel]).Files[0]![SegmentKind.Mel];
        var expected = entry.ReadTensor().Data;
        var bytes = File.ReadAllBytes(entry.Path);
        switch (damage)
        {
            case "truncated":
                bytes = bytes[..^4];
                break;
            case "flipped data bit":
                bytes[entry.DataOffset + 1000] ^= 0x10;
                break;
            case "flipped key byte":
                bytes[70] ^= 0x01;
                break;
            default:
                bytes = [];
                break;
        }

        File.WriteAllBytes(entry.Path, bytes);
        Assert.Null(Store().TryGet(path, SegmentKind.Mel));
        Assert.False(File.Exists(entry.Path));   // never to be read meanwhile

        var result = Store().Populate([path], [SegmentKind.Mel]);
        Assert.Equal(1, result.Computed);
        Assert.Equal(expected, result.Files[0]![SegmentKind.Mel].ReadTensor().Data);
    }

    [Fact]
    public void WithoutChecksumsAFlippedBitGoesUnnoticedButATruncationDoesNot()
    {
        var path = TestWav.Write(_folder.Path, "a.wav", 1.5);
        var entry = Store().Populate([path], [SegmentKind.Mel]).Files[0]![SegmentKind.Mel];
        var bytes = File.ReadAllBytes(entry.Path);
        bytes[entry.DataOffset + 1000] ^= 0x10;
        File.WriteAllBytes(entry.Path, bytes);
        Assert.NotNull(Store(verifyChecksums: false).TryGet(path, SegmentKind.Mel));

        File.WriteAllBytes(entry.Path, bytes[..^1]);
        Assert.Null(Store(verifyChecksums: false).TryGet(path, SegmentKind.Mel));
    }

    [Fact]
    public void FailuresAreReportedPerFileWhileTheRestAreStored()
    {
        var good = TestWav.Write(_folder.Path, "good.wav", 1.2);
        var missing = _folder.File("missing.wav");
        var text = _folder.Write("notes.wav", "not audio at all, just text"u8.ToArray());
        var empty = _folder.Write("empty.wav", []);
        var other = TestWav.Write(_folder.Path, "other.wav", 0.8, seed: 2);
        string[] paths = [good, missing, text, empty, _folder.Path, other];
        var reports = new List<SegmentStoreProgress>();

        var result = Store().Populate(paths, [SegmentKind.Waveform, SegmentKind.Clip], new SyncProgress<SegmentStoreProgress>(reports.Add));

        Assert.NotNull(result.Files[0]);
        Assert.NotNull(result.Files[5]);
        Assert.All([1, 2, 3, 4], i => Assert.Null(result.Files[i]));
        Assert.Equal([missing, text, empty, _folder.Path], result.Failures.Select(f => f.Path));
        // The problems are the audio reader's own, and the failure reads like its messages: "path: problem".
        foreach (var failure in result.Failures)
        {
            var expected = Assert.Throws<AudioDecodingException>(() => AudioReader.Load(failure.Path));
            Assert.Equal(expected.Problem, failure.Problem);
            Assert.Equal(expected.Message, failure.ToString());
        }

        Assert.Equal(Extract(other).Waveform.Data, result.Files[5]![SegmentKind.Waveform].ReadTensor().Data);
        Assert.Equal(6, reports.Count);
        Assert.Equal(Enumerable.Range(1, 6), reports.Select(r => r.FilesDone).Order());
        var last = reports.MaxBy(r => r.FilesDone)!;
        Assert.Equal((6, 6, 4, 0), (last.FilesDone, last.FilesTotal, last.FilesFailed, last.FilesReused));
        Assert.Equal(result.Files[0]!.DurationSeconds + result.Files[5]!.DurationSeconds, last.AudioSeconds, 9);
        Assert.Equal(TimeSpan.Zero, last.Eta);
        Assert.True(last.AudioSecondsPerSecond > 0);
    }

    [Fact]
    public void AStoreThatCannotBeWrittenStopsTheBatchAndLeavesNoTemporaryFile()
    {
        var path = TestWav.Write(_folder.Path, "a.wav", 1);
        // A file where the store's folder should be: no entry can be created under it.
        File.WriteAllText(StorePath, "in the way");

        var error = Assert.ThrowsAny<IOException>(() => Store().Populate([path], [SegmentKind.Mel]));

        Assert.Contains("cannot be written", error.Message);
        Assert.DoesNotContain(TemporaryFiles.Current, f => f.StartsWith(StorePath, StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidOptionsAreNamed()
    {
        Assert.Equal("Directory", Assert.Throws<ArgumentException>(() => new SegmentStore(new SegmentStoreOptions())).ParamName);
        Assert.Equal("Threads", Assert.Throws<ArgumentException>(() => new SegmentStore(new SegmentStoreOptions { Directory = StorePath, Threads = -1 })).ParamName);
        Assert.Equal("Depth", Assert.Throws<ArgumentException>(() => new SegmentStore(new SegmentStoreOptions
        {
            Directory = StorePath, Features = new FeatureOptions { Clip = new MelClipOptions { Depth = 0 } },
        })).ParamName);
        Assert.Throws<ArgumentException>(() => Store().Populate([], []));
    }

    [Fact]
    public void AStreamedWaveformOnlyOrClipOnlyExtractionEqualsTheFullOne()
    {
        var samples = AudioReader.Load(TestWav.Write(_folder.Path, "a.wav", 2.1)).Samples;
        var options = new FeatureOptions();
        var full = FeatureExtractor.Extract(samples, options);
        var waveformOnly = new FeatureTensorSink(options);
        var clipsOnly = new FeatureTensorSink(options);
        foreach (var (sink, waveform, clips) in new[] { (waveformOnly, true, false), (clipsOnly, false, true) })
        {
            var extractor = new StreamingFeatureExtractor(options, sink, waveform, mel: false, clips);
            extractor.Push(samples.AsSpan(0, 10_000));
            extractor.Push(samples.AsSpan(10_000));
            extractor.Complete();
        }

        Assert.Equal(full.Waveform.Data, waveformOnly.Waveform.Data);
        Assert.Equal((0, 0), (waveformOnly.Mel.Count, waveformOnly.Clips.Count));
        Assert.Equal(full.Clips.Data, clipsOnly.Clips.Data);
        Assert.Equal((0, 0), (clipsOnly.Waveform.Count, clipsOnly.Mel.Count));
    }

    private static UtteranceFeatures Extract(string path, FeatureOptions? options = null)
        => FeatureExtractor.Extract(AudioReader.Load(path).Samples, options ?? new FeatureOptions());

    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
