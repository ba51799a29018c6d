namespace MlNetSer.Data;

/// <summary>Moves a share of the training speakers to validation (the protocols' and <c>train</c>'s common step).</summary>
public static class ValidationHoldOut
{
    /// <summary>
    /// The training and validation utterances of a manifest for training one model: with a split column, its train and
    /// validation rows (<see cref="FixedSplit"/>: a share of the train rows' speakers when no row is marked validation;
    /// test rows are left out); without one, every row, <paramref name="fraction"/> of the speakers held out.
    /// </summary>
    /// <param name="entries">The manifest's rows.</param>
    /// <param name="fraction">Share of the speakers for validation, in (0, 1).</param>
    /// <param name="seed">Seed of the speaker shuffle.</param>
    /// <exception cref="ArgumentException">Fewer than two speakers, or a fraction outside (0, 1).</exception>
    public static (IReadOnlyList<SerManifestEntry> Training, IReadOnlyList<SerManifestEntry> Validation) ForTraining(
        IReadOnlyList<SerManifestEntry> entries, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Any(e => e.Split != ManifestSplit.None))
        {
            var fold = FixedSplit.Split(entries, new FixedSplitOptions { ValidationFraction = fraction, Seed = seed });
            return (fold.Training, fold.Validation);
        }

        return Partition(entries, SpeakerSplit.HoldOut(entries.Select(e => e.Speaker), fraction, seed));
    }

    /// <summary>
    /// Splits <paramref name="training"/> by speaker with <see cref="SpeakerSplit.HoldOut"/>; a fraction of 0
    /// gives no validation part.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two training speakers to split; the message names the fold.</exception>
    internal static (IReadOnlyList<SerManifestEntry> Training, IReadOnlyList<SerManifestEntry> Validation) Split(
        IReadOnlyList<SerManifestEntry> training, double fraction, int seed, string foldName)
    {
        if (fraction == 0)
            return (training, []);
        SpeakerSplit split;
        try
        {
            split = SpeakerSplit.HoldOut(training.Select(e => e.Speaker), fraction, seed);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Fold {foldName}: cannot hold out validation speakers: {e.Message}", e);
        }

        return Partition(training, split);
    }

    // The rows of the split's training speakers, then those of its validation speakers.
    private static (IReadOnlyList<SerManifestEntry> Training, IReadOnlyList<SerManifestEntry> Validation) Partition(
        IReadOnlyList<SerManifestEntry> entries, SpeakerSplit split)
    {
        var held = split.ValidationSpeakers.ToHashSet(StringComparer.Ordinal);
        return (entries.Where(e => !held.Contains(e.Speaker)).ToArray(), entries.Where(e => held.Contains(e.Speaker)).ToArray());
    }

    /// <summary>Checks a validation fraction: 0 (none) or in (0, 1).</summary>
    internal static void CheckFraction(double fraction)
    {
        if (!(fraction >= 0 && fraction < 1))
            throw new ArgumentException($"ValidationFraction must be 0 (no validation) or in (0, 1) (got {fraction}).", "ValidationFraction");
    }
}
