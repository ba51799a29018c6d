namespace MlNetSer.Audio;

/// <summary>Averages interleaved channels into one: mono = (c₀ + c₁ + … + cₙ₋₁) / n per frame.</summary>
internal static class ChannelMixer
{
    /// <summary>
    /// Mixes <paramref name="interleaved"/> (whole frames of <paramref name="channels"/> samples) into
    /// <paramref name="mono"/>, which must hold one sample per frame; returns the number of frames.
    /// </summary>
    public static int Mix(ReadOnlySpan<float> interleaved, int channels, Span<float> mono)
    {
        var frames = interleaved.Length / channels;
        if (channels == 1)
        {
            interleaved[..frames].CopyTo(mono);
            return frames;
        }

        if (channels == 2)
        {
            // The common case gets a loop without the inner channel loop.
            for (var f = 0; f < frames; f++)
            {
                mono[f] = (interleaved[2 * f] + interleaved[(2 * f) + 1]) * 0.5f;
            }

            return frames;
        }

        for (var f = 0; f < frames; f++)
        {
            var frame = interleaved.Slice(f * channels, channels);
            var sum = 0f;
            foreach (var sample in frame)
            {
                sum += sample;
            }

            mono[f] = sum / channels;
        }

        return frames;
    }
}
