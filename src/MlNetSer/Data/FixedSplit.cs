namespace MlNetSer.Data;

/// <summary>
/// The fixed train/test protocol (the paper's AFEW5.0 protocol: train on Train, test on Val) from the
/// manifest's <c>split</c> column. Validation is the rows marked <c>validation</c>, or else a share of the
/// training speakers that do not also appear in the test rows. Validation never shares a speaker with
/// training or test; training and test share speakers only where the corpus's own split does (then
/// <see cref="ProtocolFold.EnsureSpeakerDisjoint"/> reports them).
/// </summary>
public static class FixedSplit
{
    /// <summary>The single fold of the split.</summary>
    /// <param name="entries">The utterances; rows with an empty split are left out.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <exception cref="ArgumentException">
    /// No train or no test rows; marked validation rows that share a speaker with train or test; too few
    /// speakers to hold out validation.
    /// </exception>
    public static ProtocolFold Split(IReadOnlyList<SerManifestEntry> entries, FixedSplitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        options ??= new FixedSplitOptions();
        options.Validate();
        var train = entries.Where(e => e.Split == ManifestSplit.Train).ToArray();
        var test = entries.Where(e => e.Split == ManifestSplit.Test).ToArray();
        var marked = entries.Where(e => e.Split == ManifestSplit.Validation).ToArray();
        if (train.Length == 0 || test.Length == 0)
            throw new ArgumentException($"A fixed split needs rows with split 'train' and 'test' (got {train.Length} train, {test.Length} test).", nameof(entries));

        if (marked.Length > 0)
        {
            var fold = new ProtocolFold(0, "split", train, marked, test);
            var leaked = fold.ValidationSpeakers.Intersect(fold.TrainingSpeakers.Concat(fold.TestSpeakers), StringComparer.Ordinal).ToArray();
            if (leaked.Length > 0)
                throw new ArgumentException($"The rows marked 'validation' share speakers with train or test: {string.Join(", ", leaked.Take(5))}.", nameof(entries));
            return fold;
        }

        // A speaker in both train and test (the corpus's choice) stays in training, so validation
        // never holds a test speaker.
        var testSpeakers = test.Select(e => e.Speaker).ToHashSet(StringComparer.Ordinal);
        var candidates = train.Where(e => !testSpeakers.Contains(e.Speaker)).ToArray();
        var shared = train.Where(e => testSpeakers.Contains(e.Speaker)).ToArray();
        var (training, validation) = ValidationHoldOut.Split(candidates, options.ValidationFraction, options.Seed, "split");
        return new ProtocolFold(0, "split", shared.Concat(training).OrderBy(e => e.Line).ToArray(), validation, test);
    }
}
