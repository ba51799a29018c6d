using System.Globalization;
using System.Security;
using System.Text;

namespace MlNetSer.Synthesis;

/// <summary>
/// Speaks one utterance of the speech-engine corpus: draws the spoken length, the pauses around the speech, the room,
/// the level and the signal-to-noise ratio apart from anything the emotion sets; draws the utterance's prosody around
/// the emotion's means; chooses the sentence that fits the length at that rate; has espeak-ng say it (pitch, rate and
/// word gap as arguments, range, emphasis and the final punctuation as SSML); adds the emotion's tremolo; and records
/// it in a room: reverberation, a level, background noise.
/// </summary>
internal static class SpokenUtterance
{
    /// <summary>Below this (−60 dBFS) espeak-ng's output is its leading or trailing silence.</summary>
    private const double SilenceThreshold = 1e-3;

    /// <summary>The fade over the end of the file, where the reverberant tail is cut.</summary>
    private const double FadeOutSeconds = 0.05;

    /// <summary>The samples of one utterance, in [-1, 1].</summary>
    public static float[] Render(EspeakNg engine, SpeechEngineSpeaker speaker, SpeechEngineEmotion emotion, SpeechEngineCorpusOptions options, SynthesisRandom random)
    {
        var rate = options.SampleRate;
        // Drawn first and apart from the emotion: none of them says which emotion it is.
        var seconds = random.Uniform(options.MinSeconds, options.MaxSeconds);
        var lead = (int)(random.Uniform(0.15, 0.35) * rate);
        var trail = (int)(random.Uniform(0.25, 0.45) * rate);
        var rt60 = random.Uniform(options.MinRt60, options.MaxRt60);
        var directToReverberantDb = random.Uniform(0, 8);
        var levelDb = random.Uniform(-30, -18);
        var snrDb = random.Uniform(options.MinSnrDb, options.MaxSnrDb);

        var prosody = emotion.DrawUtterance(random);
        var wordsPerMinute = (int)Math.Clamp(Math.Round(speaker.WordsPerMinute * prosody.Rate), 80, 450);
        var wordGap = (int)Math.Round(prosody.WordGap);
        var sentence = SentencePool.Choose(seconds, wordsPerMinute, wordGap, random);
        var pitch = (int)Math.Clamp(Math.Round(speaker.Pitch + prosody.Pitch), 0, 99);
        var speech = Trim(engine.Speak(new EspeakRequest(speaker.Voice, pitch, wordsPerMinute, wordGap, Ssml(sentence, prosody, random)), rate), speaker.Voice);
        Tremolo(speech, prosody.Tremolo, rate, random);

        var dry = new double[lead + speech.Length + trail];
        for (var i = 0; i < speech.Length; i++)
            dry[lead + i] = speech[i];
        var wet = RoomReverb.Apply(dry, RoomReverb.ImpulseResponse(rt60, directToReverberantDb, rate, random));
        FadeOut(wet, (int)(FadeOutSeconds * rate));
        // The level of the speech itself, so that the pauses around it do not change it.
        RecordingChannel.Normalize(wet, levelDb, lead..(lead + speech.Length));
        return RecordingChannel.AddBackground(wet, levelDb - snrDb, random);
    }

    /// <summary>
    /// The sentence as SSML: the utterance's pitch range over all of it, <c>&lt;emphasis&gt;</c> on a drawn share of its
    /// words of four or more letters, and a final ".", "!" or "?" drawn with the emotion's probabilities.
    /// </summary>
    internal static string Ssml(string sentence, SpeechEngineEmotion prosody, SynthesisRandom random)
    {
        var text = new StringBuilder();
        foreach (var word in sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var escaped = SecurityElement.Escape(word);
            text.Append(text.Length > 0 ? " " : string.Empty)
                .Append(word.Length >= 4 && random.NextDouble() < prosody.Emphasis ? $"<emphasis>{escaped}</emphasis>" : escaped);
        }

        var ending = random.NextDouble();
        text.Append(ending < prosody.Exclamation ? "!" : ending < prosody.Exclamation + prosody.Question ? "?" : ".");
        return string.Create(CultureInfo.InvariantCulture, $"<speak><prosody range=\"{prosody.Range:0}%\">{text}</prosody></speak>");
    }

    // espeak-ng's own silence before and after the speech; the pauses are drawn by the corpus instead.
    private static float[] Trim(float[] samples, string voice)
    {
        var first = Array.FindIndex(samples, v => Math.Abs(v) >= SilenceThreshold);
        if (first < 0)
            throw new SpeechEngineException($"espeak-ng returned silence for voice {voice}");
        var last = Array.FindLastIndex(samples, v => Math.Abs(v) >= SilenceThreshold);
        return samples[first..(last + 1)];
    }

    // A slow amplitude modulation (5–8 Hz) of the given depth: the shaky voice of fear. The rate and phase are drawn
    // whatever the depth, so the stream after them does not depend on the emotion.
    private static void Tremolo(float[] speech, double depth, int sampleRate, SynthesisRandom random)
    {
        var hz = random.Uniform(5, 8);
        var phase = random.Uniform(0, 2 * Math.PI);
        if (depth <= 0)
            return;
        for (var i = 0; i < speech.Length; i++)
            speech[i] *= (float)(1 + depth * Math.Sin(2 * Math.PI * hz * i / sampleRate + phase));
    }

    private static void FadeOut(double[] signal, int length)
    {
        length = Math.Min(length, signal.Length);
        for (var i = 0; i < length; i++)
            signal[signal.Length - 1 - i] *= 0.5 * (1 - Math.Cos(Math.PI * i / length));
    }
}
