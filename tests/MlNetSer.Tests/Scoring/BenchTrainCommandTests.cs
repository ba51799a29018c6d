using System.CommandLine;
using System.Text.Json;
using MlNetSer.Cli.Commands;
using MlNetSer.Tests.Training;

namespace MlNetSer.Tests.Scoring;

[Collection(TrainingCollection.Name)]
public sealed class BenchTrainCommandTests : IDisposable
{
    private readonly int _threadsBefore = TorchSharp.torch.get_num_threads();

    public void Dispose() => TorchSharp.torch.set_num_threads(_threadsBefore);

    [Fact]
    public void BenchTrain_PrintsTheFiguresOfEachNetworkAsked()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand { BenchTrainCommand.Create() };

        var exitCode = root.Parse(["train", "--networks", "1d", "--warmup", "1", "--steps", "1", "--onnx-runs", "1", "--onnx-batch", "3", "--threads", "1"])
            .Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.True(exitCode == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(1, json.RootElement.GetProperty("torch_threads").GetInt32());
        var networks = json.RootElement.GetProperty("networks");
        var cnn1d = networks.GetProperty("1d");
        Assert.Equal(["1d"], networks.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2_270_983, cnn1d.GetProperty("parameters").GetInt64());
        Assert.True(cnn1d.GetProperty("train_samples_per_second").GetDouble() > 0);
        Assert.True(cnn1d.GetProperty("onnx_ms_per_segment").GetDouble() > 0);
    }

    [Fact]
    public void BenchTrain_RefusesAnUnknownNetwork()
    {
        var error = new StringWriter();
        var root = new RootCommand { BenchTrainCommand.Create() };

        var exitCode = root.Parse(["train", "--networks", "4d"]).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("4d", error.ToString());
    }
}
