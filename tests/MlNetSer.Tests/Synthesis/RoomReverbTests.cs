using MlNetSer.Synthesis;

namespace MlNetSer.Tests.Synthesis;

public sealed class RoomReverbTests
{
    [Theory]
    [InlineData(0.2)]
    [InlineData(0.6)]
    public void TheImpulseResponseDecaysSixtyDecibelsOverTheRequestedRt60(double rt60)
    {
        const int rate = 22050;
        var response = RoomReverb.ImpulseResponse(rt60, 4, rate, new SynthesisRandom(3));

        // Schroeder's backward integration of the tail; RT60 from the fall between −5 and −25 dB (T20 × 3).
        var tail = response.Skip(1).ToArray();
        var remaining = new double[tail.Length];
        var sum = 0.0;
        for (var i = tail.Length - 1; i >= 0; i--)
            remaining[i] = sum += tail[i] * tail[i];
        var db = remaining.Select(e => 10 * Math.Log10(e / remaining[0])).ToArray();
        var measured = 3.0 * (Array.FindIndex(db, d => d <= -25) - Array.FindIndex(db, d => d <= -5)) / rate;

        Assert.InRange(measured, 0.9 * rt60, 1.1 * rt60);
        Assert.Equal(1.0, response[0], 6);
        Assert.Equal(-4, 10 * Math.Log10(tail.Sum(v => v * v)), 6);
    }

    [Fact]
    public void FftConvolutionEqualsTheDirectSumCutToTheSignal()
    {
        var random = new SynthesisRandom(5);
        var signal = Enumerable.Range(0, 1000).Select(_ => random.Uniform(-1, 1)).ToArray();
        var response = Enumerable.Range(0, 300).Select(_ => random.Uniform(-0.5, 0.5)).ToArray();

        var fast = RoomReverb.Apply(signal, response);

        Assert.Equal(signal.Length, fast.Length);
        for (var n = 0; n < signal.Length; n++)
        {
            var direct = 0.0;
            for (var k = 0; k <= Math.Min(n, response.Length - 1); k++)
                direct += response[k] * signal[n - k];
            Assert.Equal(direct, fast[n], 1e-4);
        }
    }
}
