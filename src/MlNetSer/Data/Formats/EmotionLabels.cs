namespace MlNetSer.Data.Formats;

/// <summary>
/// The one emotion vocabulary every dataset format maps onto: the six basic emotions (<c>anger</c>,
/// <c>disgust</c>, <c>fear</c>, <c>joy</c>, <c>sadness</c>, <c>surprise</c>) and <c>neutral</c>, plus
/// <c>calm</c> (RAVDESS) and <c>boredom</c> (EmoDB) where a corpus has them.
/// </summary>
public static class EmotionLabels
{
    /// <summary>The label <c>anger</c>.</summary>
    public const string Anger = "anger";

    /// <summary>The label <c>disgust</c>.</summary>
    public const string Disgust = "disgust";

    /// <summary>The label <c>fear</c>.</summary>
    public const string Fear = "fear";

    /// <summary>The label <c>joy</c> (happiness).</summary>
    public const string Joy = "joy";

    /// <summary>The label <c>sadness</c>.</summary>
    public const string Sadness = "sadness";

    /// <summary>The label <c>surprise</c> (TESS' "pleasant surprise" included).</summary>
    public const string Surprise = "surprise";

    /// <summary>The label <c>neutral</c>.</summary>
    public const string Neutral = "neutral";

    /// <summary>The label <c>calm</c> (RAVDESS only).</summary>
    public const string Calm = "calm";

    /// <summary>The label <c>boredom</c> (EmoDB only).</summary>
    public const string Boredom = "boredom";

    /// <summary>The six basic emotions (Ekman), e.g. BAUM-1s' classes as the paper uses them.</summary>
    public static IReadOnlyList<string> Basic { get; } = [Anger, Disgust, Fear, Joy, Sadness, Surprise];

    /// <summary>Every label of the vocabulary.</summary>
    public static IReadOnlyList<string> All { get; } = [Anger, Disgust, Fear, Joy, Sadness, Surprise, Neutral, Calm, Boredom];

    // The spellings the corpora (and researchers) use for each label; compared case-insensitively, with
    // '_', '-' and ' ' treated alike so "pleasant_surprise" and "Pleasant Surprise" are one name.
    private static readonly Dictionary<string, string> Synonyms = BuildSynonyms(
        (Anger, ["anger", "angry", "ang", "mad"]),
        (Disgust, ["disgust", "disgusted", "dis"]),
        (Fear, ["fear", "fearful", "fea", "afraid", "scared"]),
        (Joy, ["joy", "happy", "happiness", "hap", "happy_joy"]),
        (Sadness, ["sadness", "sad"]),
        (Surprise, ["surprise", "surprised", "sur", "ps", "pleasant_surprise", "pleasant_surprised", "pleasant_suprise", "pleasant_suprised"]),
        (Neutral, ["neutral", "neu"]),
        (Calm, ["calm"]),
        (Boredom, ["boredom", "bored", "boring"]));

    /// <summary>The vocabulary label for <paramref name="name"/> (a label or one of its usual spellings), or null for an unknown name.</summary>
    /// <param name="name">E.g. <c>Angry</c>, <c>happy</c>, <c>ps</c>, <c>Pleasant_surprise</c>.</param>
    public static string? Normalize(string? name)
        => name is not null && Synonyms.TryGetValue(Key(name), out var label) ? label : null;

    /// <summary>
    /// Parses a comma-separated label subset (<c>anger,joy,sad</c>) into vocabulary labels in <see cref="All"/>'s order.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name, or no name at all; the message lists the vocabulary.</exception>
    public static IReadOnlyList<string> ParseSubset(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
            throw new ArgumentException($"the label subset is empty; name some of {string.Join(", ", All)}.");
        return ToSubset(names);
    }

    /// <summary>Maps each of <paramref name="names"/> to its vocabulary label, in <see cref="All"/>'s order without repeats.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the vocabulary.</exception>
    public static IReadOnlyList<string> ToSubset(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            labels.Add(Normalize(name)
                ?? throw new ArgumentException($"unknown emotion label '{name}'; the vocabulary is {string.Join(", ", All)} (synonyms such as angry, happy, sad are accepted)."));
        }

        return All.Where(labels.Contains).ToArray();
    }

    private static string Key(string name) => name.Trim().ToLowerInvariant().Replace('-', '_').Replace(' ', '_');

    private static Dictionary<string, string> BuildSynonyms(params (string Label, string[] Names)[] table)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (label, names) in table)
        {
            foreach (var name in names)
                map.Add(Key(name), label);
        }

        return map;
    }
}
