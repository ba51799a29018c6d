using MlNetSer.Training;

namespace MlNetSer.Data;

/// <summary>Moves a share of a fold's training speakers to validation (the protocols' common step).</summary>
internal static class ValidationHoldOut
{
    /// <summary>
    /// Splits <paramref name="training"/> by speaker with <see cref="SpeakerSplit.HoldOut"/>; a fraction of 0
    /// gives no validation part.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two training speakers to split; the message names the fold.</exception>
    public static (IReadOnlyList<SerManifestEntry> Training, IReadOnlyList<SerManifestEntry> Validation) Split(
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

        var held = split.ValidationSpeakers.ToHashSet(StringComparer.Ordinal);
        return (training.Where(e => !held.Contains(e.Speaker)).ToArray(), training.Where(e => held.Contains(e.Speaker)).ToArray());
    }

    /// <summary>Checks a validation fraction: 0 (none) or in (0, 1).</summary>
    public static void CheckFraction(double fraction)
    {
        if (!(fraction >= 0 && fraction < 1))
            throw new ArgumentException($"ValidationFraction must be 0 (no validation) or in (0, 1) (got {fraction}).", "ValidationFraction");
    }
}
