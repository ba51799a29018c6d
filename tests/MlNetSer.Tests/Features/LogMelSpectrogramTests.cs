using MlNetSer.Features;

namespace MlNetSer.Tests.Features;

public class LogMelSpectrogramTests
{
    public static TheoryData<string> Signals => new() { "noise", "tones", "noisy-tones" };

    private static float[] Make(string kind, int length) => kind switch
    {
        "noise" => FeatureTestSignals.Noise(length, 7),
        "tones" => FeatureTestSignals.Tones(length, 440, 2500, 7000),
        _ => FeatureTestSignals.NoisyTones(length, 3),
    };

    [Theory]
    [MemberData(nameof(Signals))]
    public void MatchesNaiveDoublePrecisionReference(string kind)
    {
        var samples = Make(kind, 551 + 220 * 11);
        var spectrogram = new LogMelSpectrogram(new MelSegmentOptions());

        var actual = spectrogram.Compute(samples, out int frames);
        var power = NaiveFeatures.MelPower(samples);
        var expected = NaiveFeatures.LogMel(power);

        Assert.Equal(12, frames);
        Assert.Equal(12 * 64, actual.Length);
        int compared = 0;
        for (int t = 0; t < frames; t++)
        {
            double loudest = power[t].Max();
            for (int m = 0; m < 64; m++)
            {
                // Float rounding of the FFT is relative to the frame's energy: compare where the band carries some of it.
                if (power[t][m] < 1e-6 * loudest) continue;
                Assert.True(Math.Abs(actual[t * 64 + m] - expected[t][m]) < 1e-3,
                    $"frame {t} band {m}: {actual[t * 64 + m]} vs {expected[t][m]}");
                compared++;
            }
        }

        Assert.True(compared > frames * 64 / 2, $"only {compared} values were comparable");
    }

    [Fact]
    public void NonDefaultOptionsMatchReference()
    {
        var options = new MelSegmentOptions { SampleRate = 16000, WindowLength = 400, HopLength = 160, FftSize = 512, MelBands = 40, MinFrequency = 0, MaxFrequency = 8000 };
        var samples = FeatureTestSignals.Noise(400 + 160 * 5, 11);
        var actual = new LogMelSpectrogram(options).Compute(samples, out int frames);
        var expected = NaiveFeatures.LogMel(NaiveFeatures.MelPower(samples, 16000, 400, 160, 512, 40, 0, 8000));

        Assert.Equal(6, frames);
        for (int t = 0; t < frames; t++)
            for (int m = 0; m < 40; m++)
                Assert.True(Math.Abs(actual[t * 40 + m] - expected[t][m]) < 1e-3, $"frame {t} band {m}");
    }

    [Fact]
    public void SilenceGivesTheLogFloor()
    {
        var actual = new LogMelSpectrogram(new MelSegmentOptions()).Compute(new float[1000], out int frames);
        Assert.Equal(3, frames);
        Assert.All(actual, v => Assert.Equal(MathF.Log(1e-10f), v, 1e-5));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(550, 0)]
    [InlineData(551, 1)]
    [InlineData(770, 1)]
    [InlineData(771, 2)]
    [InlineData(66150, 299)]
    public void FrameCountFollowsTheNoCentringFormula(long samples, int frames)
        => Assert.Equal(frames, new LogMelSpectrogram(new MelSegmentOptions()).FrameCount(samples));

    [Fact]
    public void FramesAreTheWindowsAtMultiplesOfTheHop()
    {
        var samples = FeatureTestSignals.Noise(2000, 5);
        var spectrogram = new LogMelSpectrogram(new MelSegmentOptions());
        var all = spectrogram.Compute(samples, out _);
        var third = new float[64];
        spectrogram.ComputeFrame(samples.AsSpan(2 * 220, 551), third);
        Assert.Equal(all.AsSpan(2 * 64, 64).ToArray(), third);
    }

    [Theory]
    [InlineData(1024, 551)]
    [InlineData(512, 400)]
    [InlineData(16, 16)]
    [InlineData(64, 7)]
    public void RealFftPowerMatchesNaiveDft(int fftSize, int window)
    {
        var w = Enumerable.Repeat(1f, window).ToArray();
        var frame = FeatureTestSignals.Noise(window, fftSize + window);
        var fft = new RealFft(fftSize, w, fftSize / 2 + 1);
        var power = new float[fftSize / 2 + 1];

        fft.PowerSpectrum(frame, power);

        var expected = NaiveFeatures.PowerSpectrum(frame.Select(v => (double)v).ToArray(), fftSize);
        double scale = expected.Max();
        for (int k = 0; k < power.Length; k++)
            Assert.True(Math.Abs(power[k] - expected[k]) <= 1e-5 * scale, $"bin {k}: {power[k]} vs {expected[k]}");
    }
}
