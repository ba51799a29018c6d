using MlNetSer.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetSer.Tests.Models;

public class NetworkTrainingTests
{
    /// <summary>Two classes of sine tones (low vs high frequency, random phase and amplitude) as 125-sample segments.</summary>
    private static (Tensor X, Tensor Y) SineToneData(int count, Generator generator)
    {
        var labels = randint(0, 2, new long[] { count }, generator: generator);
        var frequency = labels.to(ScalarType.Float32) * 0.25f + 0.05f + rand(new long[] { count }, generator: generator) * 0.05f;
        var phase = rand(new long[] { count, 1 }, generator: generator) * (2 * Math.PI);
        var amplitude = 64f + rand(new long[] { count, 1 }, generator: generator) * 192f;
        var t = arange(125, dtype: ScalarType.Float32).unsqueeze(0);
        var x = amplitude * sin(2 * Math.PI * frequency.unsqueeze(1) * t + phase);
        return (x.unsqueeze(1), labels);
    }

    [Fact]
    public void Cnn1dLearnsToSeparateSineFrequencies()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(1234);
        var generator = new Generator(42);
        var (trainX, trainY) = SineToneData(600, generator);
        var (testX, testY) = SineToneData(200, generator);

        using var network = new Cnn1d(new Cnn1dOptions { SegmentLength = 125, Classes = 2 });
        var optimizer = optim.Adam(network.parameters(), lr: 1e-3);
        var loss = nn.CrossEntropyLoss();
        network.train();
        for (var epoch = 0; epoch < 3; epoch++)
        {
            for (var start = 0; start < 600; start += 30)
            {
                using var step = NewDisposeScope();
                optimizer.zero_grad();
                var output = loss.call(network.forward(trainX[start..(start + 30)]), trainY[start..(start + 30)]);
                output.backward();
                optimizer.step();
            }
        }

        network.eval();
        using var noGrad = no_grad();
        var accuracy = network.forward(testX).argmax(1).eq(testY).to(ScalarType.Float32).mean().item<float>();
        Assert.True(accuracy > 0.9f, $"accuracy {accuracy} on a separable two-class problem");
    }
}
