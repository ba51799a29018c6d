using MlNetSer.Audio;

namespace MlNetSer.Tests.Audio;

public sealed class ResamplerTests
{
    private const int Out = 22050;

    // One second of output, well clear of the edges where the zero padding before/after the signal shows.
    private const int Skip = 1000;

    [Theory]
    [InlineData(16000, 1000)]
    [InlineData(16000, 3000)]
    [InlineData(16000, 6000)]
    [InlineData(44100, 1000)]
    [InlineData(44100, 5000)]
    [InlineData(44100, 9000)]
    [InlineData(48000, 1000)]
    [InlineData(48000, 7000)]
    [InlineData(48000, 9000)]
    [InlineData(8000, 1000)]
    [InlineData(22050, 1000)]
    public void PassBandTonesKeepFrequencyAmplitudeAndTiming(int inputRate, double frequency)
    {
        var input = Signals.Sine(frequency, inputRate, (int)(1.2 * inputRate), amplitude: 0.5, phase: 0.3);
        var output = Resampler.Resample(input, inputRate, Out).AsSpan(Skip, Out);

        var gainDb = Signals.Db(Signals.Amplitude(output, frequency, Out) / 0.5);
        Assert.InRange(gainDb, -0.1, 0.1);

        // Output k is the input signal at time k / 22 050 s: compare with the ideal tone sample by sample.
        var ideal = Signals.Sine(frequency, Out, Skip + Out, amplitude: 0.5, phase: 0.3).AsSpan(Skip);
        var worst = 0.0;
        for (var k = 0; k < output.Length; k++)
        {
            worst = Math.Max(worst, Math.Abs(output[k] - ideal[k]));
        }

        Assert.True(worst < 1e-3, $"largest deviation from the ideal tone {worst:E2}");
    }

    [Theory]
    [InlineData(48000, 15000)] // alias would land at 7 050 Hz
    [InlineData(48000, 11500)] // just above the output's Nyquist frequency
    [InlineData(48000, 20000)]
    [InlineData(44100, 12000)]
    [InlineData(44100, 11100)]
    [InlineData(32000, 12000)]
    public void ToneAboveTheOutputNyquistVanishes(int inputRate, double frequency)
    {
        var input = Signals.Sine(frequency, inputRate, (int)(1.2 * inputRate));
        var output = Resampler.Resample(input, inputRate, Out).AsSpan(Skip, Out);
        var rejectionDb = Signals.Db(Signals.Rms(input) / Signals.Rms(output));
        Assert.True(rejectionDb >= 80, $"alias only {rejectionDb:F1} dB down");
    }

    [Theory]
    [InlineData(16000, 5000, 11000)]
    [InlineData(16000, 6000, 10000)]
    [InlineData(16000, 6800, 9200)]
    [InlineData(8000, 3000, 5000)]
    public void UpsamplingImagesVanish(int inputRate, double frequency, double image)
    {
        var input = Signals.Sine(frequency, inputRate, (int)(1.2 * inputRate));
        var output = Resampler.Resample(input, inputRate, Out).AsSpan(Skip, Out);
        var imageDb = Signals.Db(Signals.Amplitude(output, image, Out) / 0.5);
        Assert.True(imageDb <= -80, $"image at {image} Hz only {-imageDb:F1} dB down");
        Assert.InRange(Signals.Db(Signals.Amplitude(output, frequency, Out) / 0.5), -0.1, 0.1);
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    [InlineData(16000)]
    [InlineData(11025)]
    public void StreamingInOddChunksEqualsOneShot(int inputRate)
    {
        var random = new Random(inputRate);
        var input = new float[inputRate / 2 + 17];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)(random.NextDouble() - 0.5);
        }

        var resampler = new Resampler(inputRate, Out);
        var streamed = new List<float>();
        var sizes = new[] { 1, 7, 333, 4097, 2, 0, 1000 };
        for (int at = 0, i = 0; at < input.Length; i++)
        {
            var size = Math.Min(sizes[i % sizes.Length], input.Length - at);
            resampler.Process(input.AsSpan(at, size), streamed);
            at += size;
        }

        resampler.Flush(streamed);
        Assert.Equal(Resampler.Resample(input, inputRate, Out), streamed);
    }

    [Theory]
    [InlineData(48000, new[] { 0, 1, 2, 3, 100, 101, 12345, 48000 })]
    [InlineData(44100, new[] { 0, 1, 2, 3, 100, 101, 12345, 44100 })]
    [InlineData(16000, new[] { 0, 1, 2, 3, 100, 101, 12345, 16000 })]
    [InlineData(22050, new[] { 0, 1, 5 })]
    public void OutputLengthIsTheRoundedDuration(int inputRate, int[] lengths)
    {
        foreach (var n in lengths)
        {
            var expected = (int)Math.Round((double)n * Out / inputRate, MidpointRounding.AwayFromZero);
            Assert.Equal(expected, Resampler.Resample(new float[n], inputRate, Out).Length);
        }
    }

    [Fact]
    public void SameRatePassesThroughUntouched()
    {
        float[] input = [0.1f, -0.7f, 1.5f, 0f, 3e-9f];
        Assert.Equal(input, Resampler.Resample(input, 22050, 22050));
        Assert.Equal(0, new Resampler(22050, 22050).TapsPerOutputSample);
    }

    [Fact]
    public void ConstantSignalKeepsItsLevel()
    {
        var input = Enumerable.Repeat(0.3f, 48000).ToArray();
        var output = Resampler.Resample(input, 48000, Out);
        for (var k = 200; k < output.Length - 200; k++)
        {
            Assert.Equal(0.3f, output[k], 1e-5f);
        }
    }

    [Fact]
    public void DesignFiguresMatchTheDocumentation()
    {
        Assert.Equal((168, 147), (new Resampler(48000, Out).TapsPerOutputSample, new Resampler(48000, Out).Phases));
        Assert.Equal((154, 1), (new Resampler(44100, Out).TapsPerOutputSample, new Resampler(44100, Out).Phases));
        Assert.Equal((78, 441), (new Resampler(16000, Out).TapsPerOutputSample, new Resampler(16000, Out).Phases));
    }

    [Fact]
    public void OddRatioWithManyPhasesComputesTapsOnTheFly()
    {
        // 44 101 → 22 050 does not reduce: 22 050 phases × 160 padded taps is past the 1 M coefficients kept in memory.
        var input = Signals.Sine(1000, 44101, 44101);
        var output = Resampler.Resample(input, 44101, Out).AsSpan(Skip, 20000);
        Assert.InRange(Signals.Db(Signals.Amplitude(output, 1000, Out) / 0.5), -0.1, 0.1);
    }

    [Fact]
    public void ProcessAfterFlushAndBadRatesAreRejected()
    {
        var resampler = new Resampler(48000, Out);
        resampler.Flush([]);
        Assert.Throws<InvalidOperationException>(() => resampler.Process([1f], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(0, Out));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(48000, -1));
    }
}
