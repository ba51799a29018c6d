using System.Globalization;
using MlNetSer.Synthesis;
using Xunit.Abstractions;

namespace MlNetSer.Tests.Synthesis;

/// <summary>What every synthetic corpus (formant or espeak-ng) must show, checked the same way for each.</summary>
internal static class CorpusChecks
{
    /// <summary><paramref name="again"/> (same seed) has the same bytes and manifest as <paramref name="first"/>; every file of <paramref name="other"/> (another seed) differs.</summary>
    public static void SameSeedSameBytesAnotherSeedOtherBytes(DemoCorpusResult first, DemoCorpusResult again, DemoCorpusResult other)
    {
        foreach (var (a, b, c) in first.Manifest.Entries.Zip(again.Manifest.Entries, other.Manifest.Entries))
        {
            Assert.Equal(File.ReadAllBytes(a.Path), File.ReadAllBytes(b.Path));
            Assert.NotEqual(File.ReadAllBytes(a.Path), File.ReadAllBytes(c.Path));
        }

        Assert.Equal(File.ReadAllText(first.ManifestPath), File.ReadAllText(again.ManifestPath));
    }

    /// <summary>
    /// Leave-one-speaker-out nearest centroid: RMS and duration alone stay near chance (below 30 %, chance 14 % for 7
    /// classes), while F0 level (relative to the speaker) and spread do at least 15 points better.
    /// </summary>
    public static void LoudnessAndDurationGiveLittleButPitchMuchMore(IReadOnlyList<SynthesizedCorpus.Row> rows, ITestOutputHelper log)
    {
        var loudness = rows.Select(r => (r.Speaker, r.Label, new[] { r.Measures.RmsDb, r.Measures.Seconds })).ToArray();
        var pitch = rows.Zip(RelativeSemitones(rows), (r, semitones) => (r.Speaker, r.Label, new[] { semitones, r.Measures.F0RangeSemitones })).ToArray();

        var loudnessAccuracy = NearestCentroid.LeaveOneSpeakerOutAccuracy(loudness);
        var pitchAccuracy = NearestCentroid.LeaveOneSpeakerOutAccuracy(pitch);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"leave-one-speaker-out nearest centroid over {rows.Count} utterances, 7 classes (chance 14 %): RMS + duration {100 * loudnessAccuracy:0} %, F0 level + spread {100 * pitchAccuracy:0} %"));

        Assert.True(loudnessAccuracy < 0.3, $"RMS and duration alone classify {loudnessAccuracy:P0}");
        Assert.True(pitchAccuracy > loudnessAccuracy + 0.15, $"F0 {pitchAccuracy:P0} vs RMS and duration {loudnessAccuracy:P0}");
    }

    /// <summary>
    /// Each row's median F0 in semitones above its speaker's mean (over all of that speaker's rows): pitch relative to
    /// the speaker, what a speaker-normalised front end would see.
    /// </summary>
    public static double[] RelativeSemitones(IReadOnlyList<SynthesizedCorpus.Row> rows)
    {
        static double Semitones(SynthesizedCorpus.Row row) => 12 * Math.Log2(row.Measures.MedianF0);
        var speakerMean = rows.GroupBy(r => r.Speaker).ToDictionary(g => g.Key, g => g.Average(Semitones));
        return [.. rows.Select(r => Semitones(r) - speakerMean[r.Speaker])];
    }
}
