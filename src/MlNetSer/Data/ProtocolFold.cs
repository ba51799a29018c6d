namespace MlNetSer.Data;

/// <summary>
/// One fold of an evaluation protocol: training, validation and test utterances with no speaker in
/// common between any two of them (validation picks early-stopping epochs and fusion weights, so it
/// must see neither the networks' training speakers nor the test speakers).
/// </summary>
/// <param name="Index">0-based fold index.</param>
/// <param name="Name">A short name for reports (e.g. <c>group1</c>, <c>split</c>).</param>
/// <param name="Training">Utterances that train the networks and the feature-fusion classifier.</param>
/// <param name="Validation">Utterances held out for early stopping and the fusion-weight search.</param>
/// <param name="Test">Utterances reported on.</param>
public sealed record ProtocolFold(
    int Index,
    string Name,
    IReadOnlyList<SerManifestEntry> Training,
    IReadOnlyList<SerManifestEntry> Validation,
    IReadOnlyList<SerManifestEntry> Test)
{
    /// <summary>The distinct training speakers, ordinal order.</summary>
    public IReadOnlyList<string> TrainingSpeakers => SpeakersOf(Training);

    /// <summary>The distinct validation speakers, ordinal order.</summary>
    public IReadOnlyList<string> ValidationSpeakers => SpeakersOf(Validation);

    /// <summary>The distinct test speakers, ordinal order.</summary>
    public IReadOnlyList<string> TestSpeakers => SpeakersOf(Test);

    /// <summary>Throws when two of the three parts share a speaker.</summary>
    /// <exception cref="InvalidOperationException">Names the parts and the shared speakers.</exception>
    public void EnsureSpeakerDisjoint()
    {
        Check("training", TrainingSpeakers, "test", TestSpeakers);
        Check("training", TrainingSpeakers, "validation", ValidationSpeakers);
        Check("validation", ValidationSpeakers, "test", TestSpeakers);
    }

    private void Check(string first, IReadOnlyList<string> a, string second, IReadOnlyList<string> b)
    {
        var shared = a.Intersect(b, StringComparer.Ordinal).ToArray();
        if (shared.Length > 0)
            throw new InvalidOperationException($"Fold {Name}: the {first} and {second} parts share {shared.Length} speaker(s): {string.Join(", ", shared.Take(5))}{(shared.Length > 5 ? ", …" : "")}.");
    }

    private static string[] SpeakersOf(IEnumerable<SerManifestEntry> entries)
        => entries.Select(e => e.Speaker).Distinct().Order(StringComparer.Ordinal).ToArray();
}
