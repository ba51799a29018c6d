using MlNetSer.Models;
using MlNetSer.Tests.TestSupport;
using MlNetSer.Tests.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MlNetSer.Tests.Models;

/// <summary>
/// State dicts written the way PyTorch users have them (PyBridge writes torch.save's zip pickle and
/// safetensors), loaded into fresh networks by name.
/// </summary>
public sealed class PretrainedWeightsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AlexNetFromAnImageNetStyleCheckpointKeepsItsOwnHead()
    {
        var path = _temp.File("alexnet.pth");
        using var source = new AlexNet2d(new Backbone2dOptions { Classes = 1000 });
        source.save_py(path);
        using var network = new AlexNet2d(new Backbone2dOptions { Classes = 7 });
        var freshHead = Snapshot(network, "classifier.6.");

        var report = PretrainedWeights.LoadStateDict(network, path);

        Assert.Equal(new[] { "classifier.6.bias", "classifier.6.weight" }, report.SkippedHeadKeys.Order());
        Assert.Equal(14, report.LoadedKeys.Count);
        Assert.DoesNotContain(report.MissingKeys, k => !k.StartsWith("classifier.6.", StringComparison.Ordinal));
        AssertEqualExcept(source, network, "classifier.6.");
        AssertEqual(freshHead, Snapshot(network, "classifier.6."));
    }

    [Theory]
    [InlineData(NetworkKind.TorchvisionResnet18, "resnet18.pth")]
    [InlineData(NetworkKind.Resnet50, "resnet50.safetensors")]
    public void TorchvisionResnetsLoadEveryTensorButTheHead(NetworkKind kind, string file)
    {
        var path = _temp.File(file);
        using var source = Backbone2d.Create(kind, new Backbone2dOptions { Classes = 1000 });
        if (file.EndsWith(".safetensors", StringComparison.Ordinal))
            source.save_safetensors(path);
        else
            source.save_py(path);
        using var network = Backbone2d.Create(kind, new Backbone2dOptions { Classes = 7 });

        var report = PretrainedWeights.LoadStateDict(network, path);

        Assert.Equal(new[] { "fc.bias", "fc.weight" }, report.SkippedHeadKeys.Order());
        Assert.Empty(report.MismatchedKeys);
        Assert.Contains("layer1.0.bn1.running_var", report.LoadedKeys);
        AssertEqualExcept(source, network, "fc.");
    }

    [Fact]
    public void Cnn3dRoundTripsThroughTorchSaveFormatIncludingBatchNormStatistics()
    {
        var path = _temp.File("cnn3d.pt");
        using var source = TrainedLooking(new Cnn3d());
        source.save_py(path);
        using var network = new Cnn3d();

        var report = PretrainedWeights.LoadStateDict(network, path);

        Assert.Empty(report.SkippedHeadKeys);
        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.UnexpectedKeys);
        Assert.Contains("features.bn1.running_mean", report.LoadedKeys);
        // Everything but the input normalisation, which training sets from its own data.
        Assert.Equal(source.state_dict().Count - source.named_buffers().Count(b => b.name.StartsWith("normalize.", StringComparison.Ordinal)), report.LoadedKeys.Count);
        AssertEqualExcept(source, network, exceptPrefix: null);
    }

    [Fact]
    public void TheInputNormalizationIsNeverTakenFromAFile()
    {
        var path = _temp.File("cnn3d-normalised.pt");
        using var source = TrainedLooking(new Cnn3d());
        source.save_py(path);
        using var network = new Cnn3d();

        var report = PretrainedWeights.LoadStateDict(network, path);

        Assert.DoesNotContain(report.LoadedKeys, k => k.StartsWith("normalize.", StringComparison.Ordinal));
        Assert.DoesNotContain(report.UnexpectedKeys, k => k.StartsWith("normalize.", StringComparison.Ordinal));
        Assert.All(network.Normalization!.Weight, w => Assert.Equal(1f, w));
        Assert.All(network.Normalization.Bias, b => Assert.Equal(0f, b));
    }

    [Fact]
    public void Cnn1dRoundTripsThroughSafetensorsWhateverTheExtension()
    {
        var path = _temp.File("cnn1d.bin");
        using var source = TrainedLooking(new Cnn1d(new Cnn1dOptions { SegmentLength = 125 }));
        source.save_safetensors(path);
        using var network = new Cnn1d(new Cnn1dOptions { SegmentLength = 125 });

        var report = PretrainedWeights.LoadStateDict(network, path);

        Assert.Equal(source.state_dict().Count, report.LoadedKeys.Count);
        Assert.Empty(report.SkippedHeadKeys);
        AssertEqualExcept(source, network, exceptPrefix: null);
    }

    [Fact]
    public void ASafetensorsHeadOfAnotherWidthIsSkippedAndReported()
    {
        var path = _temp.File("cnn3d-1000.safetensors");
        using var source = TrainedLooking(new Cnn3d(new Cnn3dOptions { Classes = 1000 }));
        source.save_safetensors(path);
        using var network = new Cnn3d(new Cnn3dOptions { Classes = 6 });
        var freshHead = Snapshot(network, "classifier.fc3.");

        var report = PretrainedWeights.LoadStateDict(network, path);

        Assert.Equal(new[] { "classifier.fc3.bias", "classifier.fc3.weight" }, report.SkippedHeadKeys.Order());
        AssertEqualExcept(source, network, "classifier.fc3.");
        AssertEqual(freshHead, Snapshot(network, "classifier.fc3."));
    }

    [Fact]
    public void WrapperPrefixesAreStripped()
    {
        using var source = TrainedLooking(new Cnn3d());
        var dataParallel = _temp.File("dp.pth");
        var lightning = _temp.File("lightning.pth");
        PyTorchPickler.PickleStateDict(dataParallel, source.state_dict().ToDictionary(e => "module." + e.Key, e => e.Value));
        PyTorchPickler.PickleStateDict(lightning, source.state_dict().ToDictionary(e => "model." + e.Key, e => e.Value));

        using var fromDataParallel = new Cnn3d();
        PretrainedWeights.LoadStateDict(fromDataParallel, dataParallel);
        AssertEqualExcept(source, fromDataParallel, exceptPrefix: null);

        using var fromLightning = new Cnn3d();
        var error = Assert.Throws<InvalidDataException>(() => PretrainedWeights.LoadStateDict(fromLightning, lightning));
        Assert.Contains("missing key features.conv1.weight", error.Message);
        PretrainedWeights.LoadStateDict(fromLightning, lightning, new PretrainedWeightsOptions { StripPrefixes = ["model."] });
        AssertEqualExcept(source, fromLightning, exceptPrefix: null);
    }

    [Fact]
    public void ATrainingCheckpointWrappingTheStateDictIsUnwrapped()
    {
        var path = _temp.File("checkpoint.pth");
        using var source = TrainedLooking(new Cnn3d());
        PyTorchPickler.PickleStateDict(path, new Dictionary<string, object>
        {
            ["epoch"] = 12,
            ["state_dict"] = new Dictionary<string, Tensor>(source.state_dict()),
        });
        using var network = new Cnn3d();

        PretrainedWeights.LoadStateDict(network, path);

        AssertEqualExcept(source, network, exceptPrefix: null);
    }

    [Fact]
    public void ANonHeadShapeMismatchNamesFileKeyAndBothShapesUnlessNotStrict()
    {
        var path = _temp.File("narrow.pt");
        using (var narrow = new Cnn3d(new Cnn3dOptions { Hidden = 128 }))
        {
            narrow.save_py(path);
        }

        using var network = new Cnn3d();
        var before = Snapshot(network, "classifier.fc1.");

        var error = Assert.Throws<InvalidDataException>(() => PretrainedWeights.LoadStateDict(network, path));
        Assert.Contains(path, error.Message);
        Assert.Contains("classifier.fc1.weight: file [128, 800] vs network [256, 800]", error.Message);

        var report = PretrainedWeights.LoadStateDict(network, path, new PretrainedWeightsOptions { Strict = false });
        Assert.Contains("classifier.fc1.weight: file [128, 800] vs network [256, 800]", report.MismatchedKeys);
        Assert.Contains("features.conv1.weight", report.LoadedKeys);
        AssertEqual(before, Snapshot(network, "classifier.fc1."));
    }

    [Fact]
    public void AMissingNonHeadKeyIsAnError()
    {
        var path = _temp.File("partial.pt");
        using (var source = new Cnn3d())
        {
            source.save_py(path, skip: ["features.conv2.weight"]);
        }

        using var network = new Cnn3d();
        var error = Assert.Throws<InvalidDataException>(() => PretrainedWeights.LoadStateDict(network, path));
        Assert.Contains(path, error.Message);
        Assert.Contains("missing key features.conv2.weight (network [32, 32, 1, 5, 5])", error.Message);
        Assert.Equal(["features.conv2.weight"], PretrainedWeights.LoadStateDict(network, path, new() { Strict = false }).MissingKeys);
    }

    [Theory]
    [InlineData("cut.pth")]
    [InlineData("cut.safetensors")]
    public void ATruncatedFileIsAnErrorNamingIt(string name)
    {
        var path = _temp.File(name);
        using (var source = new Cnn3d())
        {
            if (name.EndsWith(".pth", StringComparison.Ordinal))
                source.save_py(path);
            else
                source.save_safetensors(path);
        }

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        using var network = new Cnn3d();
        var error = Assert.Throws<InvalidDataException>(() => PretrainedWeights.LoadStateDict(network, path));
        Assert.StartsWith($"{path}: truncated or corrupt", error.Message);
    }

    [Fact]
    public void MissingAndForeignFilesAreClearErrors()
    {
        using var network = new Cnn3d();
        var missing = _temp.File("nope.pth");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => PretrainedWeights.LoadStateDict(network, missing)).Message);

        var text = _temp.File("notes.pt");
        File.WriteAllText(text, "these are not weights");
        var error = Assert.Throws<InvalidDataException>(() => PretrainedWeights.LoadStateDict(network, text));
        Assert.Contains(text, error.Message);
        Assert.Contains("not a PyTorch state dict", error.Message);
    }

    [Fact]
    public void ALegacyTorchSaveFile_AsTorchvisionsOlderWeights_LoadsEveryTensor()
    {
        // torchvision's vgg16-397923af.pth and other pre-1.6 files are in this format, which PyBridge does not read.
        using var source = TrainedLooking(new Cnn3d(new Cnn3dOptions { Classes = 1000 }));
        var writer = new LegacyTorchWriter();
        foreach (var (name, tensor) in source.state_dict().Where(e => e.Value.is_floating_point() && !e.Key.StartsWith("normalize.", StringComparison.Ordinal)))
            writer.Tensor(name, tensor.contiguous().data<float>().ToArray(), tensor.shape);
        var path = _temp.File("cnn3d-legacy.pth");
        File.WriteAllBytes(path, writer.ToBytes());
        using var network = new Cnn3d(new Cnn3dOptions { Classes = 7 });

        var report = PretrainedWeights.LoadStateDict(network, path);

        Assert.Equal(new[] { "classifier.fc3.bias", "classifier.fc3.weight" }, report.SkippedHeadKeys.Order());
        Assert.Empty(report.MismatchedKeys);
        Assert.Empty(report.UnexpectedKeys);
        AssertEqualExcept(source, network, "classifier.fc3.");
    }

    [Fact]
    public void ALegacyFile_ViewsOfASharedStorage_KeepTheirOffsetsAndStrides()
    {
        float[] storage = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        var writer = new LegacyTorchWriter().Storage("0", storage)
            .Tensor("a", "0", offset: 0, size: [2, 3], stride: [3, 1])   // rows 0..1 of a 3-wide matrix
            .Tensor("b", "0", offset: 4, size: [3, 2], stride: [1, 3])   // a transposed view from element 4
            .Tensor("c", "0", offset: 9, size: [], stride: []);          // a scalar
        var table = (System.Collections.Hashtable)LegacyTorchFile.Read(new MemoryStream(writer.ToBytes()))!;

        using var a = (Tensor)table["a"]!;
        using var b = (Tensor)table["b"]!;
        using var c = (Tensor)table["c"]!;
        Assert.Equal([0f, 1, 2, 3, 4, 5], a.data<float>().ToArray());
        Assert.Equal(new long[] { 3, 2 }, b.shape);
        Assert.Equal([4f, 7, 5, 8, 6, 9], b.data<float>().ToArray());
        Assert.Equal(9f, c.item<float>());
    }

    [Fact]
    public void ALegacyFile_WithAWrongMagicNumberOrAPickledObject_IsRefusedNamingTheFile()
    {
        var wrong = _temp.File("wrong-magic.pth");
        File.WriteAllBytes(wrong, new LegacyTorchWriter().Tensor("w", [1f], [1]).WrongMagic().ToBytes());
        using var network = new Cnn3d();
        var error = Assert.Throws<InvalidDataException>(() => PretrainedWeights.LoadStateDict(network, wrong));
        Assert.Contains(wrong, error.Message);

        // A pickle that would call os.system: refused before anything runs.
        var evil = _temp.File("evil.pth");
        var valid = new LegacyTorchWriter().Tensor("w", [1f], [1]).ToBytes();
        var header = valid.AsSpan(0, IndexAfterThirdStop(valid)).ToArray();
        File.WriteAllBytes(evil, [.. header, 0x80, 2, (byte)'c', .. "os\nsystem\n"u8.ToArray(), (byte)'X', 4, 0, 0, 0, .. "echo"u8.ToArray(), 0x85, (byte)'R', (byte)'.']);
        error = Assert.Throws<InvalidDataException>(() => PretrainedWeights.LoadStateDict(network, evil));
        Assert.Contains(evil, error.Message);
        Assert.Contains("os.system", error.Message);

        var truncated = _temp.File("truncated.pth");
        File.WriteAllBytes(truncated, valid[..^3]);
        Assert.Contains(truncated, Assert.Throws<InvalidDataException>(() => PretrainedWeights.LoadStateDict(network, truncated)).Message);
    }

    // The magic number, protocol and system-info pickles end with the third STOP ('.') at the top level.
    private static int IndexAfterThirdStop(byte[] bytes)
    {
        var stops = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'.' && (i + 1 >= bytes.Length || bytes[i + 1] == 0x80) && ++stops == 3)
                return i + 1;
        }

        throw new InvalidOperationException("no third pickle");
    }

    [Fact]
    public void ATorchvisionFileWhoseDigestDoesNotMatchItsName_IsRefusedAsADamagedDownload()
    {
        // A valid state dict under torchvision's name, but not torchvision's bytes.
        var path = _temp.File("resnet18-f37072fd.pth");
        using (var source = new TorchvisionResnet18(new Backbone2dOptions { Classes = 1000 }))
            source.save_py(path);
        using var network = new TorchvisionResnet18();

        var error = Assert.Throws<InvalidDataException>(() => PretrainedWeights.LoadStateDict(network, path));

        Assert.Contains(path, error.Message);
        Assert.Contains("f37072fd", error.Message);
        Assert.Contains("download it again", error.Message);
        Assert.Equal("397923af", Backbone2d.TorchvisionSha256Prefix("vgg16-397923af.pth"));
        Assert.Null(Backbone2d.TorchvisionSha256Prefix("vgg16.pth"));
    }

    [Fact]
    public void NetworkFactoryCreatesFromInitialWeights()
    {
        var path = _temp.File("factory.safetensors");
        using var source = TrainedLooking(new Cnn3d(new Cnn3dOptions { Classes = 1000 }));
        source.save_safetensors(path);

        using var network = NetworkFactory.Create(NetworkKind.Cnn3d, 5, path);

        Assert.Equal(5, network.Classes);
        AssertEqualExcept(source, network, "classifier.fc3.");
    }

    /// <summary>Random weights and non-default BatchNorm statistics, so a copy cannot pass by accident.</summary>
    private static T TrainedLooking<T>(T network)
        where T : SerNetwork
    {
        using var noGrad = no_grad();
        foreach (var (name, buffer) in network.named_buffers())
        {
            if (buffer.is_floating_point())
                buffer.copy_(rand_like(buffer) + 0.5);
        }

        return network;
    }

    private static Dictionary<string, Tensor> Snapshot(SerNetwork network, string prefix) =>
        network.state_dict().Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Key, e => e.Value.detach().clone());

    private static void AssertEqual(Dictionary<string, Tensor> expected, Dictionary<string, Tensor> actual)
    {
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, tensor) in expected)
            Assert.True(Same(tensor, actual[key]), $"{key} differs");
    }

    private static void AssertEqualExcept(SerNetwork expected, SerNetwork actual, string? exceptPrefix)
    {
        var actualState = actual.state_dict();
        var compared = 0;
        foreach (var (key, tensor) in expected.state_dict())
        {
            // Set from the training data, never loaded (TheInputNormalizationIsNeverTakenFromAFile).
            if (key.StartsWith("normalize.", StringComparison.Ordinal))
                continue;
            if (exceptPrefix is not null && key.StartsWith(exceptPrefix, StringComparison.Ordinal))
            {
                Assert.False(Same(tensor, actualState[key]), $"{key} was overwritten");
                continue;
            }

            Assert.True(Same(tensor, actualState[key]), $"{key} differs");
            compared++;
        }

        Assert.True(compared > 4);
    }

    private static bool Same(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
    }
}

/// <summary><c>train-network --init-weights</c> starts training from the user's state dict.</summary>
[Collection(TrainingCollection.Name)]
public sealed class TrainNetworkInitWeightsTests
{
    [Fact]
    public void TrainNetworkStartsFromTheStateDictAndNamesAFileThatDoesNotFit()
    {
        using var folder = new TempDirectory();
        ToySegments.WriteCommandInput(
            ToySegments.Utterances(speakers: 4, utterancesPerSpeaker: 2, segmentsPerUtterance: 2, seed: 5),
            folder.File("segments.npy"), folder.File("utterances.csv"));
        using (var imagenetStyle = new Cnn1d(new Cnn1dOptions { Classes = 1000, SegmentLength = ToySegments.SegmentLength }))
            imagenetStyle.save_safetensors(folder.File("cnn1d.safetensors"));
        using (var other = new Cnn3d())
            other.save_py(folder.File("cnn3d.pth"));

        string[] Arguments(string weights, string run) =>
        [
            "train-network", "--segments", folder.File("segments.npy"), "--utterances", folder.File("utterances.csv"), "--network", "1d",
            "--init-weights", folder.File(weights), "--checkpoint-dir", folder.File($"{run}-ckpt"), "--out", folder.File($"{run}.onnx"),
            "--epochs", "1", "--threads", "1",
        ];

        var good = CliRunner.InProcess(Arguments("cnn1d.safetensors", "good"));
        Assert.True(good.ExitCode == 0, good.Output + good.Error);
        Assert.True(File.Exists(folder.File("good.onnx")));

        var bad = CliRunner.InProcess(Arguments("cnn3d.pth", "bad"));
        Assert.Equal(3, bad.ExitCode);
        Assert.Contains(folder.File("cnn3d.pth"), bad.Error);
        Assert.Contains("features.conv1.weight: file [32, 3, 4, 8, 8]", bad.Error);
        Assert.False(File.Exists(folder.File("bad.onnx")));
    }
}
