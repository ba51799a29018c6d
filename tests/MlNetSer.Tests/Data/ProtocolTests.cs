using MlNetSer.Data;

namespace MlNetSer.Tests.Data;

public sealed class ProtocolTests
{
    /// <summary>31 speakers (as BAUM-1s) with 5 to 35 utterances each.</summary>
    private static SerManifestEntry[] Corpus(int speakers = 31)
    {
        var entries = new List<SerManifestEntry>();
        var random = new Random(3);
        for (var s = 0; s < speakers; s++)
        {
            var count = random.Next(5, 36);
            for (var u = 0; u < count; u++)
                entries.Add(new SerManifestEntry($"/c/s{s}_{u}.wav", $"e{u % 6}", $"s{s:00}", ManifestSplit.None, entries.Count + 2));
        }

        return entries.ToArray();
    }

    [Fact]
    public void KFoldFoldsAreSpeakerDisjointAndTestEveryUtteranceOnce()
    {
        var entries = Corpus();

        var folds = SpeakerGroupKFold.Split(entries);

        Assert.Equal(5, folds.Count);
        foreach (var fold in folds)
        {
            fold.EnsureSpeakerDisjoint();
            Assert.Empty(fold.TrainingSpeakers.Intersect(fold.TestSpeakers));
            Assert.Empty(fold.ValidationSpeakers.Intersect(fold.TestSpeakers));
            Assert.Empty(fold.ValidationSpeakers.Intersect(fold.TrainingSpeakers));
            Assert.NotEmpty(fold.Validation);
            Assert.Equal(entries.Length, fold.Training.Count + fold.Validation.Count + fold.Test.Count);
        }

        Assert.Equal(entries.Select(e => e.Path).Order(), folds.SelectMany(f => f.Test).Select(e => e.Path).Order());
        Assert.Equal(31, folds.SelectMany(f => f.TestSpeakers).Distinct().Count());
    }

    [Fact]
    public void GroupsAreBalancedByUtteranceCountAndDeterministic()
    {
        var entries = Corpus();

        var groups = SpeakerGroupKFold.Groups(entries);
        var again = SpeakerGroupKFold.Groups(entries);
        var otherSeed = SpeakerGroupKFold.Groups(entries, new SpeakerGroupKFoldOptions { Seed = 7 });

        Assert.Equal(groups, again);
        var sizes = groups.Select(g => entries.Count(e => g.Contains(e.Speaker))).ToArray();
        var largestSpeaker = entries.GroupBy(e => e.Speaker).Max(g => g.Count());
        // Greedy dealing keeps every group within one speaker's utterances of every other.
        Assert.True(sizes.Max() - sizes.Min() <= largestSpeaker, string.Join(",", sizes));
        Assert.Equal(entries.Length, sizes.Sum());
        Assert.Equal(5, otherSeed.Count);
    }

    [Fact]
    public void KFoldRefusesTooFewSpeakers()
    {
        var error = Assert.Throws<ArgumentException>(() => SpeakerGroupKFold.Split(Corpus(speakers: 4)));
        Assert.Contains("at least 5 speakers", error.Message);
    }

    [Fact]
    public void FixedSplitHoldsValidationSpeakersOutOfTrainAndTest()
    {
        var entries = Corpus(speakers: 12).Select(e => e with
        {
            Split = string.CompareOrdinal(e.Speaker, "s08") < 0 ? ManifestSplit.Train : ManifestSplit.Test,
        }).ToList();
        // A speaker in both parts (the corpus's choice) must not end up in validation.
        entries.Add(new SerManifestEntry("/c/shared.wav", "e0", "s09", ManifestSplit.Train, 999));

        var fold = FixedSplit.Split(entries, new FixedSplitOptions { ValidationFraction = 0.3 });

        Assert.Equal(entries.Count(e => e.Split == ManifestSplit.Test), fold.Test.Count);
        Assert.NotEmpty(fold.Validation);
        Assert.Empty(fold.ValidationSpeakers.Intersect(fold.TrainingSpeakers));
        Assert.Empty(fold.ValidationSpeakers.Intersect(fold.TestSpeakers));
        Assert.Contains("s09", fold.TrainingSpeakers);
        Assert.Throws<InvalidOperationException>(fold.EnsureSpeakerDisjoint);
        Assert.Equal(entries.Count, fold.Training.Count + fold.Validation.Count + fold.Test.Count);
    }

    [Fact]
    public void FixedSplitUsesMarkedValidationRowsAndChecksThem()
    {
        var entries = Corpus(speakers: 9).Select(e => e with
        {
            Split = e.Speaker switch { "s00" or "s01" => ManifestSplit.Validation, "s02" or "s03" => ManifestSplit.Test, _ => ManifestSplit.Train },
        }).ToArray();

        var fold = FixedSplit.Split(entries);
        fold.EnsureSpeakerDisjoint();
        Assert.Equal(["s00", "s01"], fold.ValidationSpeakers);

        var leaking = entries.Append(new SerManifestEntry("/c/x.wav", "e0", "s00", ManifestSplit.Test, 1000)).ToArray();
        Assert.Throws<ArgumentException>(() => FixedSplit.Split(leaking));
        Assert.Throws<ArgumentException>(() => FixedSplit.Split(entries.Where(e => e.Split != ManifestSplit.Test).ToArray()));
    }
}
