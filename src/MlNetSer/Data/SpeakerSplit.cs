namespace MlNetSer.Data;

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

    /// <summary>
    /// Deals the distinct <paramref name="speakers"/> into min(<paramref name="groups"/>, speakers) groups, round robin in
    /// ordinal order, so the groups do not depend on row order (cross-validation folds by speaker). Empty when there are
    /// fewer than two speakers.
    /// </summary>
    /// <param name="speakers">Speaker identities (duplicates are fine).</param>
    /// <param name="groups">How many groups at most.</param>
    public static IReadOnlyList<IReadOnlySet<string>> Deal(IEnumerable<string> speakers, int groups)
    {
        ArgumentNullException.ThrowIfNull(speakers);
        var distinct = speakers.Distinct().Order(StringComparer.Ordinal).ToArray();
        var k = Math.Min(groups, distinct.Length);
        if (k < 2)
            return [];
        return Enumerable.Range(0, k).Select(group => (IReadOnlySet<string>)distinct.Where((_, i) => i % k == group).ToHashSet(StringComparer.Ordinal)).ToArray();
    }
}
