using MlNetSer.Audio;

namespace MlNetSer.Tests.TestSupport;

/// <summary>
/// Writes 16-bit PCM WAV files of deterministic test signals: with the library's <see cref="WavWriter"/>, or, for
/// streamed hour-long files, a header from <see cref="WavBuilder"/>.
/// </summary>
internal static class TestWav
{
    /// <summary>
    /// Writes <paramref name="seconds"/> of a chirp plus noise at <paramref name="sampleRate"/> Hz to
    /// <paramref name="name"/> in <paramref name="directory"/> and returns its path; channel c &gt; 0 carries
    /// the tone at half amplitude, and <paramref name="seed"/> changes the noise and a tone's phase.
    /// </summary>
    public static string Write(string directory, string name, double seconds, int sampleRate = 22050, int channels = 1, int seed = 1)
    {
        var frames = (int)Math.Round(seconds * sampleRate);
        var samples = new float[frames * channels];
        var noise = (uint)seed * 2654435761u;
        for (var i = 0; i < frames; i++)
        {
            var t = (double)i / sampleRate;
            var tone = 0.4 * Math.Sin(2 * Math.PI * (220 + 600 * t) * t) + 0.2 * Math.Sin(2 * Math.PI * 1700 * t + seed);
            for (var c = 0; c < channels; c++)
            {
                noise = noise * 1664525u + 1013904223u;
                var value = tone * (c == 0 ? 1 : 0.5) + 0.05 * ((noise >> 8) / (double)(1 << 24) - 0.5);
                samples[i * channels + c] = (float)value;
            }
        }

        var path = Path.Combine(directory, name);
        WavWriter.WritePcm16(path, samples, sampleRate, channels);
        return path;
    }

    /// <summary>
    /// Writes <paramref name="seconds"/> of a two-tone signal (220 and 1375 Hz) with a slow amplitude swell
    /// (0.7 Hz; channel c is phase-shifted by c radians) to <paramref name="path"/>, streaming, so hour-long
    /// files cost no memory.
    /// </summary>
    public static void WriteTones(string path, double seconds, int sampleRate = 22050, int channels = 1)
    {
        var frames = (long)Math.Round(seconds * sampleRate);
        var dataBytes = frames * channels * 2;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        stream.Write(new WavBuilder { SampleRate = (uint)sampleRate, Channels = channels }.HeaderFor(dataBytes));

        // Every component completes whole cycles in 10 s, so longer files repeat that period seamlessly
        // and an hour-long file costs no more computing than 10 s.
        var period = TonesPcm(Math.Min(frames, TonesPeriodSeconds * sampleRate), sampleRate, channels);
        for (var remaining = dataBytes; remaining > 0; remaining -= period.Length)
            stream.Write(period, 0, (int)Math.Min(period.Length, remaining));
    }

    private const int TonesPeriodSeconds = 10;

    private static byte[] TonesPcm(long frames, int sampleRate, int channels)
    {
        var samples = new short[frames * channels];
        for (var i = 0; i < frames; i++)
        {
            var t = (double)i / sampleRate;
            var swell = 0.5 + 0.4 * Math.Sin(2 * Math.PI * 0.7 * t);
            for (var c = 0; c < channels; c++)
            {
                var value = swell * (0.6 * Math.Sin(2 * Math.PI * 220 * t + c) + 0.3 * Math.Sin(2 * Math.PI * 1375 * t));
                samples[i * channels + c] = (short)Math.Round(value * 32767);
            }
        }

        return WavBuilder.Int16(samples);
    }
}
