using MlNetSer.Data;
using MlNetSer.Features;
using MlNetSer.Features.Store;
using MlNetSer.Training;

namespace MlNetSer.Tests.Training;

/// <summary>Segment sets read in place from a segment store, against the same segments held in memory.</summary>
[Collection(TrainingCollection.Name)]
public sealed class StoreDatasetTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly int _threadsBefore = TorchSharp.torch.get_num_threads();

    public void Dispose()
    {
        TorchSharp.torch.set_num_threads(_threadsBefore);
        _folder.Dispose();
    }

    /// <summary>Short recordings of 6 speakers (two classes) in a store as 125-sample 1D segments, the toy network's input.</summary>
    private List<StoredUtterance> StoredUtterances(int speakers = 6, int perSpeaker = 4)
    {
        var paths = new List<string>();
        var labels = new List<(int Label, string Speaker)>();
        for (var s = 0; s < speakers; s++)
        {
            for (var u = 0; u < perSpeaker; u++)
            {
                // Lengths from 0.03 s to 0.1 s: 5 to 17 segments per utterance.
                paths.Add(TestWav.Write(_folder.Path, $"spk{s}-utt{u}.wav", 0.03 + 0.07 * ((s * perSpeaker + u) % 5) / 4, seed: s * 10 + u));
                labels.Add((u % 2, $"spk{s}"));
            }
        }

        var store = new SegmentStore(new SegmentStoreOptions
        {
            Directory = _folder.File("store"),
            Features = new FeatureOptions { Waveform = new WaveformSegmentOptions { SegmentLength = ToySegments.SegmentLength, Hop = ToySegments.SegmentLength } },
        });
        var result = store.Populate(paths, [SegmentKind.Waveform]);
        Assert.Empty(result.Failures);
        return result.Files.Select((f, i) => new StoredUtterance(Path.GetFileNameWithoutExtension(f!.Path), f[SegmentKind.Waveform], labels[i].Label, labels[i].Speaker)).ToList();
    }

    private static SegmentDataset InMemory(IEnumerable<StoredUtterance> stored)
        => SegmentDataset.Create(stored.Select(u => new LabeledUtterance(u.Id, u.Segments.ReadTensor(), u.Label, u.Speaker)));

    [Fact]
    public void AStoreSetHoldsTheSameSegmentsAsAnInMemoryOneWithinItsMappingBudget()
    {
        var stored = StoredUtterances();
        using var inMemory = InMemory(stored);
        // A budget of 0 keeps only the entry being read mapped: every read maps and unmaps.
        using var fromStore = SegmentDataset.FromStore(stored, new SegmentDatasetOptions { MappedBytesBudget = 0 });

        Assert.True(fromStore.IsMemoryMapped);
        Assert.Equal(inMemory.SegmentShape, fromStore.SegmentShape);
        Assert.Equal(inMemory.Utterances, fromStore.Utterances);
        Assert.Equal(stored.Sum(u => u.Segments.SegmentCount), fromStore.SegmentCount);
        var expected = new float[inMemory.SegmentSize];
        var actual = new float[fromStore.SegmentSize];
        // Backwards and forwards, so reads jump between entries.
        foreach (var position in Enumerable.Range(0, inMemory.SegmentCount).Reverse().Concat(Enumerable.Range(0, inMemory.SegmentCount)))
        {
            Assert.Equal(inMemory.CopySegment(position, expected), fromStore.CopySegment(position, actual));
            Assert.Equal(expected, actual);
        }

        var largest = stored.Max(u => u.Segments.DataOffset + u.Segments.DataBytes);
        Assert.InRange(fromStore.MappedBytes, 1, largest);
        var subset = fromStore.WhereSpeakers(["spk2"]);
        var utterance = new float[subset.Utterances[0].SegmentCount * subset.SegmentSize];
        subset.CopyUtterance(0, utterance);
        Assert.Equal(stored.First(u => u.Speaker == "spk2").Segments.ReadTensor().Data, utterance);
    }

    [Fact]
    public void TrainingFromTheStoreGivesTheSameWeightsAsInMemory()
    {
        var stored = StoredUtterances();
        using var inMemory = InMemory(stored);
        using var fromStore = SegmentDataset.FromStore(stored, new SegmentDatasetOptions { MappedBytesBudget = 4096 });
        var split = SpeakerSplit.HoldOut(inMemory.Speakers, 1.0 / 3, seed: 3);
        var options = new TrainerOptions { Epochs = 3, Seed = 7, Patience = 0, Threads = 1 };

        var (memoryTraining, memoryValidation) = inMemory.Split(split);
        var (storeTraining, storeValidation) = fromStore.Split(split);
        using var fromMemory = new SegmentTrainer(options).Train(ToySegments.SmallNetwork, memoryTraining, memoryValidation).AsDisposable(out var memoryResult);
        using var fromDisk = new SegmentTrainer(options).Train(ToySegments.SmallNetwork, storeTraining, storeValidation).AsDisposable(out var storeResult);

        Assert.Equal(SegmentTrainer.SaveState(fromMemory), SegmentTrainer.SaveState(fromDisk));
        Assert.Equal(memoryResult.History.Select(h => (h.TrainLoss, h.ValidationLoss, h.ValidationAccuracy)),
            storeResult.History.Select(h => (h.TrainLoss, h.ValidationLoss, h.ValidationAccuracy)));
        Assert.Equal(memoryResult.BestEpoch, storeResult.BestEpoch);
    }

    [Fact]
    public void InvalidStoreSetsAreRefused()
    {
        var stored = StoredUtterances(speakers: 1, perSpeaker: 2);
        Assert.Throws<ArgumentException>(() => SegmentDataset.FromStore([]));
        Assert.Throws<ArgumentException>(() => SegmentDataset.FromStore([stored[0] with { Label = -1 }]));
        var otherShape = stored[1] with { Segments = stored[1].Segments with { SegmentShape = [1, 25], SegmentCount = stored[1].Segments.SegmentCount * 5 } };
        Assert.Contains("shape", Assert.Throws<ArgumentException>(() => SegmentDataset.FromStore([stored[0], otherShape])).Message);
        Assert.Equal("MappedBytesBudget", Assert.Throws<ArgumentException>(() => SegmentDataset.FromStore(stored, new SegmentDatasetOptions { MappedBytesBudget = -1 })).ParamName);
    }
}
