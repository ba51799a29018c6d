using System.Globalization;
using MlNetSer.Audio;
using MlNetSer.Data;
using MlNetSer.Synthesis;
using Xunit.Abstractions;

namespace MlNetSer.Tests.Synthesis;

public sealed class SpeechEngineCorpusTests(SpokenCorpus corpus, ITestOutputHelper log) : IClassFixture<SpokenCorpus>
{
    private static readonly SpeechEngineCorpusOptions Tiny = new() { Speakers = 2, UtterancesPerEmotion = 1, Emotions = [SpeechEngineEmotion.Anger, SpeechEngineEmotion.Sadness] };

    [EspeakFact]
    public void FilesAre16BitMonoAt22050HzOfPlausibleLengthAndTheManifestListsExactlyThem()
    {
        var manifest = corpus.Result.Manifest;
        Assert.Empty(manifest.Problems);
        Assert.Equal(4 * 7 * 2, manifest.Entries.Count);
        Assert.Equal(EmotionProfile.Defaults.Select(e => e.Name).Order(StringComparer.Ordinal), manifest.Labels);
        Assert.Equal(["spk01", "spk02", "spk03", "spk04"], manifest.Speakers);
        Assert.All(manifest.Entries, e => Assert.Equal(ManifestSplit.None, e.Split));
        Assert.StartsWith("path,label,speaker\n", File.ReadAllText(corpus.Result.ManifestPath), StringComparison.Ordinal);
        Assert.Equal(
            Directory.EnumerateFiles(corpus.Folder, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal),
            manifest.Entries.Select(e => e.Path).Order(StringComparer.Ordinal));
        foreach (var entry in manifest.Entries)
        {
            Assert.Equal($"{entry.Label}_", Path.GetFileName(entry.Path)[..(entry.Label.Length + 1)]);
            Assert.Equal(entry.Speaker, Path.GetFileName(Path.GetDirectoryName(entry.Path)));
            var source = AudioReader.Load(entry.Path, corpus.Options.SampleRate).Source;
            Assert.Equal(("wav/pcm16", 22050, 1), (source.Format, source.SampleRate, source.Channels));
        }

        foreach (var row in corpus.Rows)
        {
            // 1.5–3.5 s of speech (give or take the sentence estimate), 0.4–0.8 s of room noise around it.
            Assert.InRange(row.Measures.Seconds, 1.4, 5.5);
            Assert.All(row.Samples, v => Assert.True(float.IsFinite(v)));
            Assert.InRange(row.Samples.Max(Math.Abs), 0.01f, 0.951f);
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lengths {corpus.Rows.Min(r => r.Measures.Seconds):0.00}–{corpus.Rows.Max(r => r.Measures.Seconds):0.00} s"));
    }

    [EspeakFact]
    public void SameSeedGivesIdenticalFilesWhateverTheThreadsAndAnotherSeedDifferentOnes()
    {
        using var dir = new TempDirectory();
        var first = SpeechEngineCorpus.Write(dir.File("a"), Tiny);
        var again = SpeechEngineCorpus.Write(dir.File("b"), new SpeechEngineCorpusOptions { Speakers = 2, UtterancesPerEmotion = 1, Emotions = Tiny.Emotions, Threads = 1 });
        var other = SpeechEngineCorpus.Write(dir.File("c"), new SpeechEngineCorpusOptions { Speakers = 2, UtterancesPerEmotion = 1, Emotions = Tiny.Emotions, Seed = 1 });

        Assert.Equal(4, first.Manifest.Entries.Count);
        CorpusChecks.SameSeedSameBytesAnotherSeedOtherBytes(first, again, other);
    }

    [EspeakFact]
    public void EspeakNgSaysTheSameThingTheSameWayEveryTime()
    {
        var engine = EspeakNg.Require();
        var request = new EspeakRequest("en+f3", 60, 150, 2, "<speak><prosody range=\"150%\">The keys are in the <emphasis>blue</emphasis> drawer?</prosody></speak>");

        var results = Enumerable.Range(0, 3).AsParallel().Select(_ => engine.Speak(request, 22050)).ToArray();

        Assert.InRange(results[0].Length, 22050, 5 * 22050);
        Assert.All(results, r => Assert.Equal(results[0], r));
    }

    [EspeakFact]
    public void AVoiceEspeakNgDoesNotHaveIsAnErrorNamingIt()
    {
        var error = Assert.Throws<SpeechEngineException>(() => EspeakNg.Require().Speak(new EspeakRequest("xx-no-such-voice", 50, 160, 0, "<speak>Dinner is at eight.</speak>"), 22050));
        Assert.Contains("xx-no-such-voice", error.Message);
    }

    [EspeakFact]
    public void TheDefaultSpeakersAreTwelveDistinctVoicesWithFemaleVariantsPitchedAboveMaleOnes()
    {
        var speakers = SpeechEngineCorpus.Speakers(new SpeechEngineCorpusOptions());
        Assert.Equal(12, speakers.Select(s => s.Voice).Distinct().Count());
        Assert.Equal(8, speakers.Select(s => s.Voice.Split('+')[0]).Distinct().Count());

        // espeak-ng drops a variant it cannot combine with the voice (en-gb+f2 is the plain male voice) without a
        // word: each speaker must really sound different.
        var engine = EspeakNg.Require();
        var spoken = speakers.AsParallel().AsOrdered()
            .Select(s => engine.Speak(new EspeakRequest(s.Voice, 50, 160, 0, "<speak>The bus comes every ten minutes.</speak>"), 22050))
            .ToArray();
        for (var i = 0; i < spoken.Length; i++)
        {
            for (var j = i + 1; j < spoken.Length; j++)
                Assert.False(spoken[i].AsSpan().SequenceEqual(spoken[j]), $"{speakers[i].Voice} and {speakers[j].Voice} sound the same");
        }

        var f0 = spoken.Select(s => ProsodyMeasures.Of(s, 22050).MedianF0).ToArray();
        log.WriteLine(string.Join(", ", speakers.Select((s, i) => $"{s.Voice} {f0[i]:0} Hz")));
        var female = f0.Where((_, i) => speakers[i].Voice.Contains("+f", StringComparison.Ordinal)).ToArray();
        var male = f0.Where((_, i) => speakers[i].Voice.Contains("+m", StringComparison.Ordinal)).ToArray();
        Assert.Equal(6, female.Length);
        Assert.True(female.Min() > male.Max(), $"female {string.Join(", ", female.Select(f => $"{f:0}"))} Hz, male {string.Join(", ", male.Select(f => $"{f:0}"))} Hz");
    }

    [EspeakFact]
    public void AngerJoyAndSurpriseArePitchedAboveSadnessRelativeToTheSpeaker()
    {
        var relative = CorpusChecks.RelativeSemitones(corpus.Rows);
        double Relative(string label) => corpus.Rows.Select((r, i) => (r.Label, Semitones: relative[i])).Where(r => r.Label == label).Average(r => r.Semitones);
        log.WriteLine(string.Join(", ", corpus.Result.Manifest.Labels.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l} {Relative(l):+0.0;-0.0} st"))));

        foreach (var high in new[] { "anger", "joy", "surprise" })
            Assert.True(Relative(high) > Relative("sadness") + 2, $"{high} {Relative(high):0.0} st vs sadness {Relative("sadness"):0.0} st above the speakers' means");
    }

    [EspeakFact]
    public void SadnessIsSpokenMoreSlowlyAndWithLessPitchMovementThanAngerAndJoy()
    {
        double Mean(string label, Func<ProsodyMeasures, double> measure) => corpus.Rows.Where(r => r.Label == label).Average(r => measure(r.Measures));
        log.WriteLine(string.Join(", ", corpus.Result.Manifest.Labels.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l} {Mean(l, m => m.SyllablesPerSecond):0.0}/s {Mean(l, m => m.F0RangeSemitones):0.0} st"))));

        Assert.True(Mean("anger", m => m.SyllablesPerSecond) > Mean("sadness", m => m.SyllablesPerSecond));
        Assert.True(Mean("joy", m => m.F0RangeSemitones) > Mean("sadness", m => m.F0RangeSemitones) + 1);
    }

    [EspeakFact]
    public void EveryFileHasRoomNoiseBeforeTheSpeechAtTheDrawnSignalToNoiseRatio()
    {
        using var dir = new TempDirectory();
        var options = new SpeechEngineCorpusOptions { Speakers = 1, UtterancesPerEmotion = 1, MinSnrDb = 20, MaxSnrDb = 20 };
        var fixedSnr = SpeechEngineCorpus.Write(dir.Path, options);

        foreach (var entry in fixedSnr.Manifest.Entries)
        {
            var samples = AudioReader.Load(entry.Path, options.SampleRate).Samples;
            var (noiseDb, speechDb) = NoiseAndSpeechLevels(samples, options.SampleRate);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{entry.Label}: noise {noiseDb:0.0} dBFS, speech {speechDb:0.0} dBFS, SNR {speechDb - noiseDb:0.0} dB"));
            // Far above digital silence (a 16-bit LSB is −90 dBFS) and near the 20 dB asked for.
            Assert.True(noiseDb > -75, $"{entry.Path}: the pause before the speech is {noiseDb:0} dBFS");
            Assert.InRange(speechDb - noiseDb, 17, 23);
        }

        // The default range, 10–30 dB, in the shared corpus.
        Assert.All(corpus.Rows, r =>
        {
            var (noiseDb, speechDb) = NoiseAndSpeechLevels(r.Samples, corpus.Options.SampleRate);
            Assert.InRange(speechDb - noiseDb, 7, 33);
        });
    }

    [EspeakFact]
    public void LoudnessAndDurationAloneGiveLittleButPitchGivesMuchMore()
        => CorpusChecks.LoudnessAndDurationGiveLittleButPitchMuchMore(corpus.Rows, log);

    [Fact]
    public void TheSentencePoolHasASentenceForEveryLengthAndRateTheCorpusAsksFor()
    {
        // Default lengths at the rates a speaker (±10 %) and an emotion (0.8–1.2, drawn ±8 %) give, with word gaps.
        foreach (var seconds in new[] { 1.5, 2.0, 2.5, 3.0, 3.5 })
        {
            foreach (var wordsPerMinute in new[] { 110.0, 140, 160, 190, 230 })
            {
                foreach (var gap in new[] { 0, 3 })
                {
                    var sentence = SentencePool.Choose(seconds, wordsPerMinute, gap, new SynthesisRandom(1));
                    var estimate = SentencePool.EstimateSeconds(sentence, wordsPerMinute, gap);
                    Assert.True(Math.Abs(estimate / seconds - 1) <= 0.15, $"{seconds} s at {wordsPerMinute} wpm, gap {gap}: '{sentence}' takes about {estimate:0.00} s");
                }
            }
        }
    }

    [Fact]
    public void TheEmotionsAreTheDemoCorpusLabelsInItsOrder()
        => Assert.Equal(EmotionProfile.Defaults.Select(e => e.Name), SpeechEngineEmotion.Defaults.Select(e => e.Name));

    [Fact]
    public void AMissingEspeakNgIsAnErrorThatSaysHowToInstallIt()
    {
        using var dir = new TempDirectory();
        Assert.Contains("apt-get install espeak-ng", Assert.Throws<SpeechEngineException>(() => EspeakNg.Require(null, dir.Path)).Message);
        Assert.Contains(EspeakNg.EnvironmentVariable, Assert.Throws<SpeechEngineException>(() => EspeakNg.Require(dir.File("no-espeak"), "/usr/bin")).Message);
    }

    [Fact]
    public void BadOptionsAreRejectedNamingTheOption()
    {
        using var dir = new TempDirectory();
        void Rejects(string option, SpeechEngineCorpusOptions options)
            => Assert.Contains(option, Assert.Throws<ArgumentException>(() => SpeechEngineCorpus.Write(dir.Path, options)).Message);

        Rejects("Speakers", new() { Speakers = 0 });
        Rejects("Speakers", new() { Speakers = SpeechEngineSpeaker.MaxSpeakers + 1 });
        Rejects("UtterancesPerEmotion", new() { UtterancesPerEmotion = 0 });
        Rejects("TestSpeakers", new() { Speakers = 2, TestSpeakers = 2 });
        Rejects("MinSnrDb", new() { MinSnrDb = 30, MaxSnrDb = 10 });
        Rejects("MinRt60", new() { MinRt60 = 0 });
        Rejects("MinSeconds", new() { MaxSeconds = 9 });
        Rejects("Threads", new() { Threads = -1 });
        Rejects("duplicate", new() { Emotions = [SpeechEngineEmotion.Joy, SpeechEngineEmotion.Joy] });
        Rejects("Range", new() { Emotions = [SpeechEngineEmotion.Joy with { Range = -1 }] });
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    // The noise: the first 100 ms, before any speech (the corpus leaves at least 150 ms). The speech: from the first to
    // the last 10 ms frame more than 10 dB above that noise.
    private static (double NoiseDb, double SpeechDb) NoiseAndSpeechLevels(float[] samples, int sampleRate)
    {
        static double LevelDb(ReadOnlySpan<float> part)
        {
            var sum = 0.0;
            foreach (var v in part)
                sum += (double)v * v;
            return 10 * Math.Log10(sum / part.Length + 1e-30);
        }

        var frame = sampleRate / 100;
        var noiseDb = LevelDb(samples.AsSpan(0, sampleRate / 10));
        var loud = Enumerable.Range(0, samples.Length / frame).Where(f => LevelDb(samples.AsSpan(f * frame, frame)) > noiseDb + 10).ToArray();
        return (noiseDb, LevelDb(samples.AsSpan(loud[0] * frame, (loud[^1] + 1 - loud[0]) * frame)));
    }
}
