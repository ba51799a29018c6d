using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Models;
using MlNetSer.Platform;
using MlNetSer.Tests.Pipeline;
using MlNetSer.Tests.Scoring;
using MlNetSer.Tests.Training;
using MlNetSer.Training;
using MlNetSer.Transforms;

namespace MlNetSer.Tests.Platform;

/// <summary>
/// Training and scoring really on CUDA, compared with the CPU on a tiny generated corpus: close, not bit-identical (other
/// kernels, other summation orders). They run where CUDA device 0 is usable by both TorchSharp and ONNX Runtime — a test
/// output built with <c>-p:MlNetSerTorchSharpCuda=true</c>, on a machine with an NVIDIA GPU and the CUDA libraries ONNX
/// Runtime's GPU package needs (docs/gpu.md) — and are reported as skipped, with the reason, everywhere else.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class CudaDeviceTests
{
    // Probabilities of networks trained on the two devices from the same initial weights and batches, and of one network
    // scored on both: bounds for float differences, far below what a wrong device path (another network, other data) gives.
    private const float TrainedTolerance = 0.05f;
    private const float ScoredTolerance = 1e-4f;

    [CudaFact]
    public void TheDeviceResolvesToCuda_AndBothLibrariesUseIt()
    {
        Assert.Equal(SerDevice.Cuda(0), SerDevice.Auto.Resolve());
        Assert.Equal("cuda:0", SerDevice.Cuda().ToTorchDevice().ToString());
        var mlContext = new MLContext();
        Assert.Equal(SerDevice.Cuda(0), SerDevice.Auto.ApplyTo(mlContext));
        Assert.Equal(0, mlContext.GpuDeviceId);
    }

    [CudaFact]
    public void A3dNetwork_TrainedAndScoredOnCuda_IsCloseToTheSameNetworkOnTheCpu_AndItsSavedModelScoresAlikeOnBoth()
    {
        using var corpus = new ToneCorpus(utterancesPerClass: 8, seconds: 1.0);
        var ml = new MLContext(seed: 1);
        var data = corpus.Load(ml);
        var clips = ml.Data.Cache(ml.Transforms.SerLoadAudio("Samples", "Path")
            .Append(ml.Transforms.SerMelSegments("Mel", "Samples"))
            .Append(ml.Transforms.SerMelClips("Clips", "Mel"))
            .Append(ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label"))
            .Fit(data)
            .Transform(data));

        // No dropout and no validation split: the two runs then see the same initial weights (made on the CPU) and the same
        // batches, and differ only in floating-point arithmetic (CUDA's dropout masks come from another generator).
        SerNetworkOptions Options(SerDevice device)
        {
            var options = new SerNetworkOptions
            {
                Network = NetworkKind.Cnn3d,
                SegmentColumnName = "Clips",
                LabelColumnName = "LabelKey",
                SpeakerColumnName = "Speaker",
                ValidationFraction = 0,
                Device = device,
                Trainer = new TrainerOptions { Epochs = 3, BatchSize = 8, Seed = 5, Patience = 0 },
            };
            options.Cnn3d.Dropout = 0;
            return options;
        }

        using var cudaModel = ml.MulticlassClassification.Trainers.SerNetwork(Options(SerDevice.Cuda())).Fit(clips);
        using var cpuModel = ml.MulticlassClassification.Trainers.SerNetwork(Options(SerDevice.Cpu)).Fit(clips);

        Assert.Equal(SerDevice.Cuda(0), cudaModel.Training.Device);
        Assert.Equal(SerDevice.Cpu, cpuModel.Training.Device);
        AssertClose(Scores(cpuModel, clips), Scores(cudaModel, clips), TrainedTolerance, minimumAgreement: 0.9);

        // One saved model, loaded by a context on each device (the zip keeps no device).
        var zip = Path.Combine(corpus.Folder, "cnn3d.zip");
        ml.Model.Save(cpuModel, clips.Schema, zip);
        var onCuda = new MLContext();
        Assert.Equal(SerDevice.Cuda(0), SerDevice.Cuda().ApplyTo(onCuda));
        var onCpu = new MLContext();
        SerDevice.Cpu.ApplyTo(onCpu);
        var cudaScores = Scores(onCuda.Model.Load(zip, out _), clips);
        var cpuScores = Scores(onCpu.Model.Load(zip, out _), clips);
        Assert.Equal(Scores(cpuModel, clips), cpuScores);
        AssertClose(cpuScores, cudaScores, ScoredTolerance, minimumAgreement: 1.0);
    }

    [CudaFact]
    public void TheCli_TrainsOnCuda_AndPredictsAlikeOnCudaAndTheCpu_SayingWhichDevice()
    {
        using var corpus = new PipelineCorpus(perSpeaker: 1);
        using var output = new TempDirectory();
        var zip = output.File("model.zip");

        var train = CliRunner.InProcess("train", "--data", corpus.ManifestPath, "--out", zip, "--networks", "1d,3d", "--preset", "fast",
            "--epochs", "2", "--seed", "3", "--device", "cuda", "--json", "--no-plots", "--cache-dir", output.File("cache"));

        Assert.True(train.ExitCode == 0, train.Error);
        using (var json = JsonDocument.Parse(train.Output))
            Assert.Equal("cuda:0", json.RootElement.GetProperty("device").GetString());
        Assert.Contains(train.ErrorLines, l => l.Contains("; device cuda:0", StringComparison.Ordinal));

        var files = File.ReadAllLines(corpus.ManifestPath).Skip(1).Select(l => corpus.Folder.File(l.Split(',')[0])).Take(4).ToArray();
        string[] Predict(string device) => ["predict", "--model", zip, "--json", "--device", device, .. files];
        var onCuda = Predictions(CliRunner.InProcess(Predict("auto")), "cuda:0");
        var onCpu = Predictions(CliRunner.InProcess(Predict("cpu")), "cpu");
        // Every ONNX model of the zip (networks, score fusion, baseline statistics) ran on the asked device.
        AssertClose(onCpu, onCuda, ScoredTolerance, minimumAgreement: 1.0);
    }

    private static float[][] Predictions(CliResult result, string device)
    {
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"predict: device {device}", result.ErrorLines);
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal(device, json.RootElement.GetProperty("device").GetString());
            return PipelineCorpus.Labels.Select(l => json.RootElement.GetProperty("scores").GetProperty(l).GetSingle()).ToArray();
        }).ToArray();
    }

    private static float[][] Scores(ITransformer model, IDataView data) => model.Transform(data).GetColumn<float[]>("Score").ToArray();

    private static void AssertClose(float[][] expected, float[][] actual, float tolerance, double minimumAgreement)
    {
        Assert.Equal(expected.Length, actual.Length);
        var largest = expected.Zip(actual).Max(p => p.First.Zip(p.Second).Max(v => Math.Abs(v.First - v.Second)));
        Assert.True(largest <= tolerance, $"largest probability difference {largest} > {tolerance}");
        var agreeing = expected.Zip(actual).Count(p => Array.IndexOf(p.First, p.First.Max()) == Array.IndexOf(p.Second, p.Second.Max()));
        Assert.True(agreeing >= minimumAgreement * expected.Length, $"{agreeing} of {expected.Length} utterances have the same top class");
    }
}
