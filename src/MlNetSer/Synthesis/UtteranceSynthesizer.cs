namespace MlNetSer.Synthesis;

/// <summary>
/// Synthesises one utterance: plans syllables and pauses at the speaker's and emotion's rate over a length
/// drawn independently of the emotion, builds the F0 contour (phrase declination, pitch accents on stressed
/// syllables, final rise or fall, tremor), drives a <see cref="GlottalSource"/> with aspiration noise and
/// spectral tilt through a cascade of four <see cref="FormantResonator"/>s, adds frication bursts for the
/// consonants, normalises the loudness to a level drawn independently of the emotion and adds background noise.
/// </summary>
internal static class UtteranceSynthesizer
{
    private const int CoefficientUpdate = 16;
    private const double TransitionSeconds = 0.04;

    /// <summary>The samples of one utterance, in [-1, 1].</summary>
    public static float[] Synthesize(SpeakerVoice speaker, EmotionProfile emotion, DemoCorpusOptions options, SynthesisRandom random)
    {
        var rate = options.SampleRate;
        var prosody = emotion.DrawUtterance(speaker, random);
        // Length and loudness are drawn here, before and apart from anything the emotion sets: neither says which emotion it is.
        var length = (int)Math.Round(random.Uniform(options.MinSeconds, options.MaxSeconds) * rate);
        var levelDb = random.Uniform(-32, -22);
        var snrDb = random.Uniform(22, 38);
        var syllables = Plan(length, rate, speaker.SyllableRate * prosody.Rate, prosody.PauseScale, random);

        var speech = Voice(syllables, length, rate, speaker, prosody, random);
        RecordingChannel.Normalize(speech, levelDb);
        return RecordingChannel.AddBackground(speech, levelDb - snrDb, random);
    }

    // Syllables of 3–6 per phrase with pauses between phrases, from a short lead-in to just before the end.
    private static List<Syllable> Plan(int length, int rate, double syllableRate, double pauseScale, SynthesisRandom random)
    {
        var syllables = new List<Syllable>();
        var time = random.Uniform(0.08, 0.22);
        var end = (double)length / rate - random.Uniform(0.1, 0.22);
        var phrase = 0;
        var phraseLength = random.Between(3, 6);
        var inPhrase = 0;
        while (true)
        {
            var duration = random.Factor(0.2) / syllableRate;
            var consonant = Math.Min(random.Uniform(0.03, 0.07), 0.4 * duration);
            if (time + duration > end && syllables.Count > 0)
                break;
            var start = (int)(time * rate);
            var stress = random.NextDouble() < 0.4 ? random.Uniform(0.7, 1) : random.Uniform(0, 0.3);
            syllables.Add(new Syllable(start, start + (int)(consonant * rate), Math.Min(length, (int)((time + duration) * rate)),
                Vowel.All[random.Between(0, Vowel.All.Count - 1)], stress, phrase, random.Uniform(2500, 6500)));
            time += duration;
            if (++inPhrase == phraseLength)
            {
                time += random.Uniform(0.12, 0.35) * pauseScale;
                phrase++;
                inPhrase = 0;
                phraseLength = random.Between(3, 6);
            }
        }

        return syllables;
    }

    private static double[] Voice(List<Syllable> syllables, int length, int rate, SpeakerVoice speaker, EmotionProfile prosody, SynthesisRandom random)
    {
        var output = new double[length];
        var source = new GlottalSource(rate, random);
        var formants = Enumerable.Range(0, 4).Select(i => new FormantResonator(rate, syllables[0].Vowel.Formant(i) * speaker.FormantScale, Vowel.Bandwidths[i])).ToArray();
        var frication = new FormantResonator(rate, 4000, 1500);
        var phrases = syllables.GroupBy(s => s.Phrase).ToDictionary(g => g.Key, g => (Start: g.First().VowelStart, End: g.Last().End));
        var last = syllables[^1];
        var tiltState = 0.0;
        var tremorPhase = random.Uniform(0, 2 * Math.PI);
        Vowel? previous = null;

        foreach (var syllable in syllables)
        {
            var (phraseStart, phraseEnd) = phrases[syllable.Phrase];
            var gain = Math.Pow(10, prosody.Dynamics * (syllable.Stress - 0.4) / 20);
            var fricationGain = random.Uniform(0.1, 0.35);
            frication.Tune(syllable.FricationHz, 1500);
            var from = previous ?? syllable.Vowel;
            for (var n = syllable.Start; n < syllable.End; n++)
            {
                // The source runs through the consonant too (silent) so its pulse phase continues smoothly.
                var t = (double)n / rate;
                var voiced = n >= syllable.VowelStart;
                var semitones = prosody.PitchShift
                    + prosody.Declination * (0.5 - Math.Clamp((double)(n - phraseStart) / Math.Max(1, phraseEnd - phraseStart), 0, 1))
                    + (voiced ? prosody.PitchRange * syllable.Stress * Math.Sin(Math.PI * (n - syllable.VowelStart) / (syllable.End - syllable.VowelStart)) : 0)
                    + (syllable == last && voiced ? prosody.FinalRise * (n - syllable.VowelStart) / (syllable.End - syllable.VowelStart) : 0);
                var tremor = prosody.TremorDepth * Math.Sin(2 * Math.PI * prosody.TremorRate * t + tremorPhase);
                var f0 = Math.Clamp(speaker.PitchHz * Math.Pow(2, semitones / 12) * (1 + tremor), 50, 700);
                var pulse = source.Next(f0, prosody.OpenQuotient, prosody.Jitter, prosody.Shimmer);
                var excitation = pulse + prosody.Breathiness * 0.2 * source.Flow * random.Uniform(-1, 1);
                tiltState = (1 - prosody.Tilt) * excitation + prosody.Tilt * tiltState;

                if ((n - syllable.Start) % CoefficientUpdate == 0)
                {
                    // Formants glide from the previous vowel's over the first 40 ms (coarticulation).
                    var glide = Math.Clamp((n - syllable.Start) / (TransitionSeconds * rate), 0, 1);
                    for (var i = 0; i < formants.Length; i++)
                        formants[i].Tune(speaker.FormantScale * (from.Formant(i) + glide * (syllable.Vowel.Formant(i) - from.Formant(i))), Vowel.Bandwidths[i]);
                }

                var envelope = voiced ? Envelope(n - syllable.VowelStart, syllable.End - n, rate) * gain * (1 + 1.5 * tremor) : 0;
                var vocal = tiltState * envelope;
                foreach (var formant in formants)
                    vocal = formant.Process(vocal);
                var noise = frication.Process(random.Uniform(-1, 1));
                var burst = voiced ? 0 : Envelope(n - syllable.Start, syllable.VowelStart - n, rate) * fricationGain * gain;
                output[n] = vocal + 0.05 * burst * noise;
            }

            previous = syllable.Vowel;
        }

        return output;
    }

    // Raised-cosine onset over 15 ms and offset over 25 ms.
    private static double Envelope(int sinceStart, int untilEnd, int rate)
    {
        var onset = Math.Min(1, sinceStart / (0.015 * rate));
        var offset = Math.Min(1, untilEnd / (0.025 * rate));
        return 0.5 * (1 - Math.Cos(Math.PI * Math.Min(onset, offset)));
    }
}
