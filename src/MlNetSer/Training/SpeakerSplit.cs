namespace MlNetSer.Training;

/// <summary>A speaker-disjoint partition into training and validation speakers.</summary>
/// <param name="TrainingSpeakers">Speakers whose utterances train the network.</param>
/// <param name="ValidationSpeakers">Speakers held out for validation (early stopping).</param>
public sealed record SpeakerSplit(IReadOnlyList<string> TrainingSpeakers, IReadOnlyList<string> ValidationSpeakers)
{
    /// <summary>
    /// Holds out round(<paramref name="fraction"/> × speakers) speakers (at least one, and at least one left
    /// for training), chosen by a seeded shuffle of the distinct speakers in ordinal order.
    /// </summary>
    /// <param name="speakers">Speaker identities (duplicates are fine, e.g. one per utterance).</param>
    /// <param name="fraction">Share of speakers for validation, in (0, 1).</param>
    /// <param name="seed">Seed of the shuffle.</param>
    /// <exception cref="ArgumentException">Fewer than two distinct speakers, or a fraction outside (0, 1).</exception>
    public static SpeakerSplit HoldOut(IEnumerable<string> speakers, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(speakers);
        if (!(fraction > 0 && fraction < 1))
            throw new ArgumentException($"The validation fraction must be in (0, 1) (got {fraction}).", nameof(fraction));
        var distinct = speakers.Distinct().Order(StringComparer.Ordinal).ToArray();
        if (distinct.Length < 2)
            throw new ArgumentException(
                $"A speaker-disjoint validation split needs at least two speakers (got {distinct.Length}).", nameof(speakers));
        new Random(seed).Shuffle(distinct);
        var held = Math.Clamp((int)Math.Round(fraction * distinct.Length, MidpointRounding.AwayFromZero), 1, distinct.Length - 1);
        return new SpeakerSplit(
            distinct[held..].Order(StringComparer.Ordinal).ToArray(),
            distinct[..held].Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>Splits a data set along this partition (both parts share its storage).</summary>
    /// <param name="dataset">The full set.</param>
    public (SegmentDataset Training, SegmentDataset Validation) Apply(SegmentDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return (dataset.WhereSpeakers(TrainingSpeakers), dataset.WhereSpeakers(ValidationSpeakers));
    }

    /// <summary>Throws when the two sets share a speaker: validation on a training speaker would flatter the model.</summary>
    /// <param name="training">Training set.</param>
    /// <param name="validation">Validation set.</param>
    /// <exception cref="ArgumentException">Names the shared speakers.</exception>
    public static void EnsureDisjoint(SegmentDataset training, SegmentDataset validation)
    {
        var shared = training.Speakers.Intersect(validation.Speakers, StringComparer.Ordinal).ToArray();
        if (shared.Length > 0)
        {
            throw new ArgumentException(
                $"The validation set shares {shared.Length} speaker(s) with the training set ({string.Join(", ", shared.Take(5))}{(shared.Length > 5 ? ", …" : "")}); "
                + "use SpeakerSplit.HoldOut to make speaker-disjoint sets.", nameof(validation));
        }
    }
}
