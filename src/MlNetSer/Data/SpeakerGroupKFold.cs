namespace MlNetSer.Data;

/// <summary>
/// Leave-one-speaker-group-out cross-validation (the paper's BAUM-1s protocol): the speakers are dealt
/// into k groups of about equal utterance count; fold i tests on group i and trains on the others, less
/// a validation share of their speakers.
/// </summary>
/// <remarks>
/// Dealing is deterministic: speakers are shuffled with the seed (from ordinal order), stably sorted by
/// utterance count, largest first, and each goes to the group with the fewest utterances so far (the
/// lowest index on a tie), the greedy rule for balanced partitions.
/// </remarks>
public static class SpeakerGroupKFold
{
    /// <summary>The k speaker groups (each in ordinal order).</summary>
    /// <param name="entries">The utterances.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <exception cref="ArgumentException">Fewer speakers than folds, or bad options.</exception>
    public static IReadOnlyList<IReadOnlyList<string>> Groups(IReadOnlyList<SerManifestEntry> entries, SpeakerGroupKFoldOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        options ??= new SpeakerGroupKFoldOptions();
        options.Validate();
        var counts = entries.GroupBy(e => e.Speaker, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        if (counts.Count < options.Folds)
            throw new ArgumentException($"{options.Folds} speaker groups need at least {options.Folds} speakers (got {counts.Count}).", nameof(entries));

        var speakers = counts.Keys.Order(StringComparer.Ordinal).ToArray();
        new Random(options.Seed).Shuffle(speakers);
        var groups = Enumerable.Range(0, options.Folds).Select(_ => new List<string>()).ToArray();
        var sizes = new int[options.Folds];
        foreach (var speaker in speakers.OrderByDescending(s => counts[s]))
        {
            var smallest = Array.IndexOf(sizes, sizes.Min());
            groups[smallest].Add(speaker);
            sizes[smallest] += counts[speaker];
        }

        return groups.Select(g => (IReadOnlyList<string>)g.Order(StringComparer.Ordinal).ToArray()).ToArray();
    }

    /// <summary>The k folds.</summary>
    /// <param name="entries">The utterances (the split column is ignored).</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <exception cref="ArgumentException">Too few speakers for the folds or for a validation hold-out, or bad options.</exception>
    public static IReadOnlyList<ProtocolFold> Split(IReadOnlyList<SerManifestEntry> entries, SpeakerGroupKFoldOptions? options = null)
    {
        options ??= new SpeakerGroupKFoldOptions();
        var groups = Groups(entries, options);
        var folds = new ProtocolFold[groups.Count];
        for (var f = 0; f < groups.Count; f++)
        {
            var name = $"group{f + 1}";
            var testSpeakers = groups[f].ToHashSet(StringComparer.Ordinal);
            var test = entries.Where(e => testSpeakers.Contains(e.Speaker)).ToArray();
            var rest = entries.Where(e => !testSpeakers.Contains(e.Speaker)).ToArray();
            var (training, validation) = ValidationHoldOut.Split(rest, options.ValidationFraction, unchecked(options.Seed + f + 1), name);
            folds[f] = new ProtocolFold(f, name, training, validation, test);
        }

        return folds;
    }
}
