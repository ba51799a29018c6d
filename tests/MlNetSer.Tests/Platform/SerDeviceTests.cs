using System.Text.Json;
using Microsoft.ML;
using MlNetSer.Platform;
using MlNetSer.Training;
using MlNetSer.Transforms;

namespace MlNetSer.Tests.Platform;

public sealed class SerDeviceTests
{
    [Theory]
    [InlineData("auto", SerDeviceKind.Auto, 0, "auto")]
    [InlineData("cpu", SerDeviceKind.Cpu, 0, "cpu")]
    [InlineData("cuda", SerDeviceKind.Cuda, 0, "cuda:0")]
    [InlineData("cuda:0", SerDeviceKind.Cuda, 0, "cuda:0")]
    [InlineData("cuda:1", SerDeviceKind.Cuda, 1, "cuda:1")]
    [InlineData("CUDA:12", SerDeviceKind.Cuda, 12, "cuda:12")]
    [InlineData(" Cpu ", SerDeviceKind.Cpu, 0, "cpu")]
    public void Parse_ReadsEveryForm_AndToStringWritesItBack(string text, SerDeviceKind kind, int index, string written)
    {
        var device = SerDevice.Parse(text);

        Assert.Equal(kind, device.Kind);
        Assert.Equal(index, device.Index);
        Assert.Equal(written, device.ToString());
        Assert.Equal(device, SerDevice.Parse(device.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:+1")]
    [InlineData("cuda: 1")]
    [InlineData("cuda:1.5")]
    [InlineData("cuda:x")]
    [InlineData("cuda:99999999999")]
    [InlineData("cpu:0")]
    [InlineData("cuda1")]
    public void Parse_RejectsAnythingElse_SayingWhatIsAccepted(string text)
    {
        Assert.False(SerDevice.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => SerDevice.Parse(text));
        Assert.Contains("auto, cpu, cuda or cuda:N", error.Message);
    }

    [Fact]
    public void TheDefaultIsAuto_AndCudaNeedsANonNegativeIndex()
    {
        Assert.Equal(SerDevice.Auto, default(SerDevice));
        Assert.Equal(SerDevice.Auto, new TrainerOptions().Device);
        Assert.Equal(SerDevice.Auto, new SerNetworkOptions().Device);
        Assert.Equal(SerDevice.Cuda(), SerDevice.Cuda(0));
        Assert.NotEqual(SerDevice.Cuda(0), SerDevice.Cuda(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SerDevice.Cuda(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SerDevice.CheckCuda(-1));
    }

    [Fact]
    public void OnlyAConcreteDeviceHasOnnxAndTorchSharpForms()
    {
        Assert.Null(SerDevice.Cpu.ToOnnxGpuDeviceId());
        Assert.Equal(2, SerDevice.Cuda(2).ToOnnxGpuDeviceId());
        Assert.Equal("cpu", SerDevice.Cpu.ToTorchDevice().ToString());
        // Auto must be resolved first: silently reading it as the CPU would hide a GPU that was meant to be used.
        Assert.Throws<InvalidOperationException>(() => SerDevice.Auto.ToOnnxGpuDeviceId());
        Assert.Throws<InvalidOperationException>(() => SerDevice.Auto.ToTorchDevice());
    }

    [Fact]
    public void Json_WritesTheText_AndReadsItBack()
    {
        Assert.Equal("\"cuda:1\"", JsonSerializer.Serialize(SerDevice.Cuda(1)));
        Assert.Equal(SerDevice.Cpu, JsonSerializer.Deserialize<SerDevice>("\"cpu\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SerDevice>("\"gpu\""));
    }

    [Fact]
    public void TheCpuResolvesToItselfWithoutAnyCheck()
    {
        Assert.Equal(SerDevice.Cpu, SerDevice.Cpu.Resolve());
        var mlContext = new MLContext { GpuDeviceId = 3, FallbackToCpu = true };
        Assert.Equal(SerDevice.Cpu, SerDevice.Cpu.ApplyTo(mlContext));
        Assert.Null(mlContext.GpuDeviceId);
        Assert.False(mlContext.FallbackToCpu);
    }

    [Fact]
    public void TheCheckGivesTheSameAnswerEveryTime_AndAutoFollowsIt()
    {
        var first = SerDevice.CheckCuda();
        Assert.Same(first, SerDevice.CheckCuda(0));
        Assert.Equal(first.IsAvailable ? SerDevice.Cuda(0) : SerDevice.Cpu, SerDevice.Auto.Resolve());
    }

    [NoCudaFact]
    public void WithoutCuda_AutoIsTheCpu_AndTheContextScoresThere()
    {
        var mlContext = new MLContext();
        Assert.Equal(SerDevice.Cpu, SerDevice.Auto.ApplyTo(mlContext));
        Assert.Null(mlContext.GpuDeviceId);
    }

    [NoCudaFact]
    public void WithoutCuda_AskingForCuda_ThrowsAnErrorThatNamesTheProblemOfEachLibrary()
    {
        var support = SerDevice.CheckCuda();
        Assert.False(support.IsAvailable);
        // This machine's test output has the CPU libtorch and ONNX Runtime's GPU package without CUDA libraries or a GPU.
        Assert.False(support.TorchSharp);
        Assert.Contains("libtorch", support.TorchSharpProblem);

        var error = Assert.Throws<SerDeviceUnavailableException>(() => SerDevice.Parse("cuda").Resolve());
        Assert.Equal(SerDevice.Cuda(0), error.Device);
        Assert.Same(support, error.Support);
        Assert.StartsWith("cuda:0 is not usable.", error.Message);
        Assert.Contains("TorchSharp: " + support.TorchSharpProblem, error.Message);
        if (support.OnnxRuntimeProblem is { } onnx)
            Assert.Contains("ONNX Runtime: " + onnx, error.Message);
        Assert.Contains("docs/gpu.md", error.Message);
        Assert.Throws<SerDeviceUnavailableException>(() => SerDevice.Cuda(1).ApplyTo(new MLContext()));
    }

    [NoCudaFact]
    public void WithoutCuda_AnEstimatorAskedForCuda_FailsBeforeTraining()
    {
        var options = new SerNetworkOptions { Device = SerDevice.Cuda() };
        var estimator = new MLContext().MulticlassClassification.Trainers.SerNetwork(options);
        var data = new MLContext().Data.LoadFromEnumerable(Array.Empty<SegmentsRow>());
        Assert.Throws<SerDeviceUnavailableException>(() => estimator.Fit(data));
    }

    [Fact]
    public void AnEstimatorRefusesATrainerDeviceThatDiffersFromItsOwn()
    {
        var options = new SerNetworkOptions { Device = SerDevice.Cpu, Trainer = new TrainerOptions { Device = SerDevice.Cuda() } };
        var error = Assert.Throws<ArgumentException>(() => options.Validate());
        Assert.Contains("Trainer.Device (cuda:0) differs from Device (cpu)", error.Message);

        options.Trainer.Device = SerDevice.Cpu;
        options.Validate();
        options.Trainer.Device = SerDevice.Auto;
        options.Validate();
    }

    private sealed class SegmentsRow
    {
        [Microsoft.ML.Data.VectorType(625)]
        public float[] Waveform { get; set; } = [];

        public uint Label { get; set; }
    }
}
