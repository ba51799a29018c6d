namespace MlNetSer.Synthesis;

/// <summary>
/// The sentences of the speech-engine corpus: everyday statements with no emotional content, from four words to
/// twenty, shared by every emotion, so that the words say nothing about the label. Each utterance takes the
/// sentence that fits a spoken length drawn independently of the emotion (<see cref="Choose"/>): a slow emotion
/// then says fewer words in the same time instead of taking longer, so duration alone does not give the label away
/// (speaking rate still does, as syllables per second).
/// </summary>
internal static class SentencePool
{
    /// <summary>
    /// Letters per second that espeak-ng speaks at 175 words per minute with no word gap, measured on these sentences
    /// with the en-us voice (spread about 10 % between sentences; espeak-ng's durations scale as 1 / speed).
    /// </summary>
    private const double LettersPerSecondAt175 = 16.2;

    /// <summary>
    /// Seconds one unit of espeak-ng's word gap (<c>-g</c>) adds per gap between words at 175 words per minute
    /// (measured: about 15 ms, scaling as 1 / speed).
    /// </summary>
    private const double WordGapSecondsAt175 = 0.015;

    /// <summary>A chosen sentence is within this share of the wanted length when the pool has one.</summary>
    private const double Tolerance = 0.15;

    /// <summary>The sentences, without their final punctuation (which the emotion's rendering chooses).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "Dinner is at eight",
        "Please close the door",
        "It is on the kitchen table",
        "I will call you when I get home",
        "The keys are in the blue drawer",
        "The bus comes every ten minutes",
        "We moved the meeting to Thursday",
        "He put the boxes next to the window",
        "Her flight lands at half past seven",
        "This road goes all the way to the coast",
        "She bought bread and milk this morning",
        "The coffee machine is on the second floor",
        "The library opens at nine and closes at six",
        "My brother lives in a small town by the river",
        "They painted the kitchen wall last weekend",
        "We need two more chairs for the room upstairs",
        "The numbers are written on the back of the card",
        "Someone left a message for you at the front desk",
        "The train leaves from the second platform at noon",
        "The weather will change again tomorrow afternoon",
        "The package arrived on Monday with the rest of the order",
        "Our neighbours are planting a row of small trees along the fence",
        "The printer on the third floor needs new paper and a new cartridge",
        "The doctor can see you on Wednesday morning at a quarter past ten",
        "The shop around the corner sells fresh fruit and vegetables every day",
        "The last bus to the station leaves from the stop outside the post office",
        "The museum on the other side of the square is open every day except Monday and Tuesday",
        "Please put the blue folders on the top shelf and the grey ones in the cabinet by the door",
        "The new timetable for the buses and the trains will be published on the first of the month",
        "We drove along the coast for two hours and then took the small road over the hills to the village",
    ];

    /// <summary>
    /// Roughly how long espeak-ng takes to say <paramref name="sentence"/> at <paramref name="wordsPerMinute"/> with
    /// word gap <paramref name="wordGap"/>: its letters at the measured letter rate, plus the gaps.
    /// </summary>
    public static double EstimateSeconds(string sentence, double wordsPerMinute, int wordGap)
    {
        var letters = sentence.Count(char.IsLetter);
        var gaps = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        var slowdown = 175 / wordsPerMinute;
        return slowdown * (letters / LettersPerSecondAt175 + gaps * wordGap * WordGapSecondsAt175);
    }

    /// <summary>
    /// A sentence that takes about <paramref name="seconds"/> to say at this rate and word gap: one drawn at random
    /// among those within 15 % of it, or the nearest when none is.
    /// </summary>
    public static string Choose(double seconds, double wordsPerMinute, int wordGap, SynthesisRandom random)
    {
        double Misfit(string sentence) => Math.Abs(EstimateSeconds(sentence, wordsPerMinute, wordGap) / seconds - 1);
        var fitting = All.Where(s => Misfit(s) <= Tolerance).ToArray();
        return fitting.Length > 0 ? fitting[random.Between(0, fitting.Length - 1)] : All.MinBy(Misfit)!;
    }
}
