using MlNetSer.Models;
using MlNetSer.Training;
using static TorchSharp.torch;

namespace MlNetSer.Tests.Training;

[Collection(TrainingCollection.Name)]
public sealed class WeightAverageTests
{
    private static Dictionary<string, float[]> Parameters(SerNetwork network) =>
        network.named_parameters().ToDictionary(p => p.name, p => p.parameter.data<float>().ToArray());

    private static Dictionary<string, float[]> FloatBuffers(SerNetwork network) =>
        network.named_buffers().Where(b => b.buffer.is_floating_point()).ToDictionary(b => b.name, b => b.buffer.data<float>().ToArray());

    private static void Shift(SerNetwork network, float by)
    {
        using (no_grad())
        {
            foreach (var (_, parameter) in network.named_parameters())
                parameter.add_(by);
        }
    }

    [Fact]
    public void TheAverageFollowsTheDecayRule_UnchangedTensorsStayExact_AndTwoSwapsRestoreTheWeights()
    {
        using var network = ToySegments.SmallNetwork();
        var initial = Parameters(network);
        var buffers = FloatBuffers(network);
        Assert.NotEmpty(buffers); // batch normalisation's running statistics

        using var average = new WeightAverage(network, halfLifeEpochs: 1, stepsPerEpoch: 4);
        Assert.Equal(0.1, average.NextDecay, 12); // (1 + 0) / (10 + 0): the start is not dominated by the random weights
        Shift(network, 1f);
        average.Update();
        var secondDecay = average.NextDecay;
        Assert.Equal(2.0 / 11, secondDecay, 12);
        Shift(network, 2f);
        average.Update();
        var trained = Parameters(network);

        average.Swap();
        foreach (var (name, values) in Parameters(network))
        {
            // a1 = w0 + 1 + 0.1 · (w0 − (w0 + 1)) = w0 + 0.9; a2 = w0 + 3 + d · (a1 − (w0 + 3)) = w0 + 3 − 2.1 d
            var expected = initial[name].Select(w => w + 3 - 2.1 * secondDecay).ToArray();
            for (var i = 0; i < values.Length; i++)
                Assert.Equal(expected[i], values[i], tolerance: 1e-5);
        }

        Assert.Equal(buffers, FloatBuffers(network)); // never changed, so averaged to the bit

        average.Swap();
        Assert.Equal(trained, Parameters(network));

        // Long after the start the decay is the half-life's: a step's weight halves every 4 steps (one epoch).
        average.Updates = 10_000;
        Assert.Equal(Math.Pow(0.5, 1.0 / 4), average.NextDecay, 12);
    }

    [Fact]
    public void SaveAndLoad_CarryTheAverage_AndLeaveTheNetworksOwnWeights()
    {
        using var network = ToySegments.SmallNetwork();
        using var average = new WeightAverage(network, halfLifeEpochs: 1, stepsPerEpoch: 1);
        Shift(network, 1f);
        average.Update();
        var trained = Parameters(network);
        var state = average.Save(network);
        Assert.Equal(trained, Parameters(network));

        using var other = ToySegments.SmallNetwork();
        using var restored = new WeightAverage(other, halfLifeEpochs: 1, stepsPerEpoch: 1);
        var otherOwn = Parameters(other);
        restored.Load(other, state);
        Assert.Equal(otherOwn, Parameters(other));

        average.Swap();
        restored.Swap();
        Assert.Equal(Parameters(network), Parameters(other));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void AHalfLifeThatIsNotAPositiveNumberIsRefused(double halfLife)
    {
        using var network = ToySegments.SmallNetwork();
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightAverage(network, halfLife, stepsPerEpoch: 1));
        var options = new TrainerOptions { WeightAverageHalfLife = halfLife };
        if (halfLife == 0)
            options.Validate(); // 0 is "off"
        else
            Assert.Throws<ArgumentException>(options.Validate);
    }
}
