using MlNetSer.Data;
using MlNetSer.Training;

namespace MlNetSer.Tests.Training;

public sealed class SegmentDatasetTests
{
    [Fact]
    public void SegmentsCarryTheirUtterancesLabelAndCopyBackExactly()
    {
        var utterances = ToySegments.Utterances(speakers: 2, utterancesPerSpeaker: 2, segmentsPerUtterance: 3, seed: 1);
        using var dataset = SegmentDataset.Create(utterances);

        Assert.False(dataset.IsMemoryMapped);
        Assert.Equal(12, dataset.SegmentCount);
        Assert.Equal([1L, ToySegments.SegmentLength], dataset.SegmentShape);
        var segment = new float[dataset.SegmentSize];
        for (var position = 0; position < dataset.SegmentCount; position++)
        {
            var utterance = utterances[position / 3];
            Assert.Equal(utterance.Label, dataset.CopySegment(position, segment));
            Assert.Equal(utterance.Segments.Data.AsSpan((position % 3) * dataset.SegmentSize, dataset.SegmentSize).ToArray(), segment);
        }
    }

    [Fact]
    public void OverTheMemoryBudgetSegmentsAreMemoryMappedWithIdenticalContent()
    {
        var utterances = ToySegments.Utterances(3, 2, 2, seed: 2);
        using var folder = new TempDirectory();
        using var inMemory = SegmentDataset.Create(utterances);
        using (var mapped = SegmentDataset.Create(utterances, new SegmentDatasetOptions { MemoryBudgetBytes = 0, CacheDirectory = folder.Path }))
        {
            Assert.True(mapped.IsMemoryMapped);
            Assert.Single(Directory.GetFiles(folder.Path));
            AssertSameSegments(inMemory, mapped);
        }

        Assert.Empty(Directory.GetFiles(folder.Path));

        ToySegments.WriteCommandInput(utterances, folder.File("s.npy"), folder.File("u.csv"));
        var manifest = UtteranceManifest.Read(folder.File("u.csv"));
        using var fromNpy = SegmentDataset.FromNpy(folder.File("s.npy"), manifest);
        using var mappedNpy = SegmentDataset.FromNpy(folder.File("s.npy"), manifest, new SegmentDatasetOptions { MemoryBudgetBytes = 0 });
        Assert.False(fromNpy.IsMemoryMapped);
        Assert.True(mappedNpy.IsMemoryMapped);
        Assert.Equal(["calm", "excited"], manifest.Labels);
        AssertSameSegments(inMemory, fromNpy);
        AssertSameSegments(inMemory, mappedNpy);
    }

    [Fact]
    public void SpeakerSubsetsKeepOnlyTheirUtterances()
    {
        using var dataset = SegmentDataset.Create(ToySegments.Utterances(4, 3, 2, seed: 3));
        var subset = dataset.WhereSpeakers(["spk1", "spk3"]);
        Assert.Equal(["spk1", "spk3"], subset.Speakers);
        Assert.Equal(12, subset.SegmentCount);
        var fromSubset = new float[dataset.SegmentSize];
        var fromWhole = new float[dataset.SegmentSize];
        subset.CopySegment(0, fromSubset);
        dataset.CopySegment(6, fromWhole); // spk1's first segment
        Assert.Equal(fromWhole, fromSubset);
    }

    [Fact]
    public void HoldOutIsSpeakerDisjointCompleteAndSeeded()
    {
        var speakers = Enumerable.Range(0, 10).Select(i => $"s{i}").SelectMany(s => new[] { s, s }).ToArray();
        var split = SpeakerSplit.HoldOut(speakers, 0.2, seed: 4);
        Assert.Equal(2, split.ValidationSpeakers.Count);
        Assert.Empty(split.TrainingSpeakers.Intersect(split.ValidationSpeakers));
        Assert.Equal(speakers.Distinct().Order(), split.TrainingSpeakers.Concat(split.ValidationSpeakers).Order());
        Assert.Equal(split.ValidationSpeakers, SpeakerSplit.HoldOut(speakers.Reverse(), 0.2, seed: 4).ValidationSpeakers);
        Assert.Single(SpeakerSplit.HoldOut(["a", "b"], 0.01, 0).ValidationSpeakers);
        Assert.Throws<ArgumentException>(() => SpeakerSplit.HoldOut(["a", "a"], 0.5, 0));
    }

    [Fact]
    public void BadInputFilesAreNamedInTheError()
    {
        using var folder = new TempDirectory();
        var utterances = ToySegments.Utterances(2, 2, 2, seed: 5);
        ToySegments.WriteCommandInput(utterances, folder.File("s.npy"), folder.File("u.csv"));

        File.WriteAllText(folder.File("bad.csv"), "name,label\na,b\n");
        var header = Assert.Throws<InvalidDataException>(() => UtteranceManifest.Read(folder.File("bad.csv")));
        Assert.Contains("bad.csv", header.Message);

        File.WriteAllText(folder.File("count.csv"), "utterance,label,speaker,segments\na,x,s,3\nb,y,t,zero\n");
        var count = Assert.Throws<InvalidDataException>(() => UtteranceManifest.Read(folder.File("count.csv")));
        Assert.Contains("line 3", count.Message);

        File.WriteAllText(folder.File("short.csv"), "utterance,label,speaker,segments\na,x,s,3\nb,y,t,2\n");
        var mismatch = Assert.Throws<InvalidDataException>(() => SegmentDataset.FromNpy(folder.File("s.npy"), UtteranceManifest.Read(folder.File("short.csv"))));
        Assert.Contains("s.npy", mismatch.Message);
        Assert.Contains("holds 8 segments but the manifest lists 5", mismatch.Message);

        File.WriteAllBytes(folder.File("cut.npy"), File.ReadAllBytes(folder.File("s.npy"))[..200]);
        var cut = Assert.Throws<InvalidDataException>(() => SegmentDataset.FromNpy(folder.File("cut.npy"), UtteranceManifest.Read(folder.File("u.csv"))));
        Assert.Contains("cut.npy", cut.Message);
    }

    private static void AssertSameSegments(SegmentDataset expected, SegmentDataset actual)
    {
        Assert.Equal(expected.SegmentCount, actual.SegmentCount);
        var a = new float[expected.SegmentSize];
        var b = new float[expected.SegmentSize];
        for (var i = 0; i < expected.SegmentCount; i++)
        {
            Assert.Equal(expected.CopySegment(i, a), actual.CopySegment(i, b));
            Assert.Equal(a, b);
        }
    }
}
