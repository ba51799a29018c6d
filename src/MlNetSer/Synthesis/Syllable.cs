namespace MlNetSer.Synthesis;

/// <summary>
/// One consonant–vowel unit of an utterance's plan, in samples: a voiceless frication burst from
/// <paramref name="Start"/> to <paramref name="VowelStart"/>, then the voiced vowel up to <paramref name="End"/>.
/// </summary>
/// <param name="Start">First sample of the consonant.</param>
/// <param name="VowelStart">First sample of the vowel.</param>
/// <param name="End">One past the vowel's last sample.</param>
/// <param name="Vowel">The vowel's formants (before the speaker's scale).</param>
/// <param name="Stress">0 (unstressed) … 1 (fully stressed): scales the pitch accent and the loudness.</param>
/// <param name="Phrase">Index of the phrase the syllable belongs to.</param>
/// <param name="FricationHz">Centre frequency of the consonant's noise.</param>
internal sealed record Syllable(int Start, int VowelStart, int End, Vowel Vowel, double Stress, int Phrase, double FricationHz);
