using System.Globalization;
using MlNetSer.Audio;
using MlNetSer.Data;
using MlNetSer.Synthesis;
using Xunit.Abstractions;

namespace MlNetSer.Tests.Synthesis;

public sealed class DemoCorpusTests(SynthesizedCorpus corpus, ITestOutputHelper log) : IClassFixture<SynthesizedCorpus>
{
    private static readonly DemoCorpusOptions Tiny = new() { Speakers = 2, UtterancesPerEmotion = 1, Emotions = [EmotionProfile.Anger, EmotionProfile.Sadness], MaxSeconds = 2 };

    [Fact]
    public void SameSeedGivesIdenticalFilesAndAnotherSeedDifferentOnes()
    {
        using var dir = new TempDirectory();
        var first = DemoCorpus.Write(dir.File("a"), Tiny);
        var again = DemoCorpus.Write(dir.File("b"), Tiny);
        var other = DemoCorpus.Write(dir.File("c"), new DemoCorpusOptions { Speakers = 2, UtterancesPerEmotion = 1, Emotions = Tiny.Emotions, MaxSeconds = 2, Seed = 1 });

        Assert.Equal(4, first.Manifest.Entries.Count);
        CorpusChecks.SameSeedSameBytesAnotherSeedOtherBytes(first, again, other);
    }

    [Fact]
    public void AFileDoesNotDependOnTheOtherFilesOfTheCorpus()
    {
        using var dir = new TempDirectory();
        var small = DemoCorpus.Write(dir.File("small"), Tiny);
        var large = DemoCorpus.Write(dir.File("large"), new DemoCorpusOptions { Speakers = 3, UtterancesPerEmotion = 2, MaxSeconds = 2 });

        foreach (var entry in small.Manifest.Entries)
        {
            var twin = large.Manifest.Entries.Single(e => Path.GetRelativePath(Path.GetDirectoryName(large.ManifestPath)!, e.Path)
                == Path.GetRelativePath(Path.GetDirectoryName(small.ManifestPath)!, entry.Path));
            Assert.Equal(File.ReadAllBytes(entry.Path), File.ReadAllBytes(twin.Path));
        }
    }

    [Fact]
    public void ManifestListsEverySpeakerEmotionAndUtteranceWithTheTestSpeakersMarked()
    {
        using var dir = new TempDirectory();
        var result = DemoCorpus.Write(dir.Path, new DemoCorpusOptions { Speakers = 3, UtterancesPerEmotion = 2, TestSpeakers = 1, MaxSeconds = 2 });

        var reread = SerManifest.Read(Path.Combine(dir.Path, DemoCorpus.ManifestFileName));
        Assert.Equal(result.ManifestPath, reread.File);
        Assert.Empty(reread.Problems);
        Assert.Equal(3 * 7 * 2, reread.Entries.Count);
        Assert.Equal(["anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"], reread.Labels);
        Assert.Equal(["spk01", "spk02", "spk03"], reread.Speakers);
        Assert.All(reread.Labels, label => Assert.Equal(6, reread.Entries.Count(e => e.Label == label)));
        Assert.All(reread.Entries, e => Assert.Equal(e.Speaker == "spk03" ? ManifestSplit.Test : ManifestSplit.Train, e.Split));
        Assert.Equal(reread.Entries.Count, reread.Entries.Select(e => e.Path).Distinct().Count());
        Assert.StartsWith("path,label,speaker,split\n", File.ReadAllText(result.ManifestPath), StringComparison.Ordinal);
    }

    [Fact]
    public void FilesAre16BitMonoAtTheFeatureRateWithinTheLengthRangeUnclippedAndFinite()
    {
        foreach (var entry in corpus.Result.Manifest.Entries)
        {
            var clip = AudioReader.Load(entry.Path, corpus.Options.SampleRate);
            Assert.Equal(1, clip.Source.Channels);
            Assert.Equal(corpus.Options.SampleRate, clip.Source.SampleRate);
            Assert.InRange(clip.Source.DurationSeconds, corpus.Options.MinSeconds - 0.01, corpus.Options.MaxSeconds + 0.01);
        }

        foreach (var row in corpus.Rows)
        {
            Assert.All(row.Samples, v => Assert.True(float.IsFinite(v)));
            // Full scale would mean clipping; the synthesizer keeps peaks at or below 0.95.
            Assert.InRange(row.Samples.Max(Math.Abs), 0.01f, 0.951f);
        }
    }

    [Fact]
    public void AngerJoyAndSurpriseArePitchedAboveSadnessForEverySpeaker()
    {
        foreach (var speaker in corpus.Rows.GroupBy(r => r.Speaker))
        {
            double MeanF0(string label) => speaker.Where(r => r.Label == label).Average(r => r.Measures.MedianF0);
            log.WriteLine($"{speaker.Key}: " + string.Join(", ", corpus.Result.Manifest.Labels.Select(l => $"{l} {MeanF0(l):0} Hz")));
            Assert.True(MeanF0("anger") > 1.1 * MeanF0("sadness"), $"{speaker.Key}: anger {MeanF0("anger"):0} Hz vs sadness {MeanF0("sadness"):0} Hz");
            Assert.True(MeanF0("joy") > 1.1 * MeanF0("sadness"), $"{speaker.Key}: joy {MeanF0("joy"):0} Hz vs sadness {MeanF0("sadness"):0} Hz");
            Assert.True(MeanF0("surprise") > 1.1 * MeanF0("sadness"), $"{speaker.Key}: surprise {MeanF0("surprise"):0} Hz vs sadness {MeanF0("sadness"):0} Hz");
        }
    }

    [Fact]
    public void JoyAndSurpriseMoveThePitchMoreThanSadnessAndFear()
    {
        double Range(string label) => corpus.Rows.Where(r => r.Label == label).Average(r => r.Measures.F0RangeSemitones);
        log.WriteLine(string.Join(", ", corpus.Result.Manifest.Labels.Select(l => $"{l} {Range(l):0.0} st")));
        Assert.True(Range("joy") > Range("sadness") + 1);
        Assert.True(Range("surprise") > Range("fear") + 1);
    }

    [Fact]
    public void FearAndAngerAreSpokenFasterThanSadnessAndDisgust()
    {
        double Rate(string label) => corpus.Rows.Where(r => r.Label == label).Average(r => r.Measures.SyllablesPerSecond);
        log.WriteLine(string.Join(", ", corpus.Result.Manifest.Labels.Select(l => $"{l} {Rate(l):0.0}/s")));
        Assert.True(Rate("fear") > 1.2 * Rate("sadness"), $"fear {Rate("fear"):0.0}/s vs sadness {Rate("sadness"):0.0}/s");
        Assert.True(Rate("anger") > 1.2 * Rate("disgust"), $"anger {Rate("anger"):0.0}/s vs disgust {Rate("disgust"):0.0}/s");
    }

    [Fact]
    public void LoudnessAndDurationAloneGiveLittleButPitchGivesMuchMore()
        => CorpusChecks.LoudnessAndDurationGiveLittleButPitchMuchMore(corpus.Rows, log);

    [Fact]
    public void BadOptionsAreRejectedNamingTheOption()
    {
        using var dir = new TempDirectory();
        Assert.Contains("Speakers", Assert.Throws<ArgumentException>(() => DemoCorpus.Write(dir.Path, new DemoCorpusOptions { Speakers = 0 })).Message);
        Assert.Contains("TestSpeakers", Assert.Throws<ArgumentException>(() => DemoCorpus.Write(dir.Path, new DemoCorpusOptions { Speakers = 2, TestSpeakers = 2 })).Message);
        Assert.Contains("UtterancesPerEmotion", Assert.Throws<ArgumentException>(() => DemoCorpus.Write(dir.Path, new DemoCorpusOptions { UtterancesPerEmotion = 0 })).Message);
        Assert.Contains("duplicate", Assert.Throws<ArgumentException>(() => DemoCorpus.Write(dir.Path, new DemoCorpusOptions { Emotions = [EmotionProfile.Joy, EmotionProfile.Joy] })).Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }
}
