using System.Text.RegularExpressions;
using Microsoft.ML;
using MlNetSer.IO;
using MlNetSer.Tests.TestSupport;
using MlNetSer.Tests.Transforms;
using MlNetSer.Transforms;

namespace MlNetSer.Tests.IO;

/// <summary>
/// The process's temporary folder: each ONNX graph written once, folders of dead processes removed, live ones kept, and
/// ML.NET's ONNX copies no longer left in the temporary folder by fitting or loading.
/// </summary>
public sealed partial class SerTemporaryFilesTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void OnnxFile_WritesEachDistinctGraphOnce_UnderItsDigest_InTheProcessFolder()
    {
        byte[] first = [1, 2, 3, .. Guid.NewGuid().ToByteArray()];
        byte[] second = [4, 5, 6, .. Guid.NewGuid().ToByteArray()];

        var path = SerTemporaryFiles.OnnxFile(first);
        var written = File.GetLastWriteTimeUtc(path);
        var again = SerTemporaryFiles.OnnxFile(first);
        var other = SerTemporaryFiles.OnnxFile(second);

        Assert.Equal(SerTemporaryFiles.ProcessFolder, Path.GetDirectoryName(path));
        Assert.Equal(path, again);
        Assert.Equal(written, File.GetLastWriteTimeUtc(again));
        Assert.NotEqual(path, other);
        Assert.Equal(first, File.ReadAllBytes(path));
        Assert.Equal(second, File.ReadAllBytes(other));
        Assert.Empty(Directory.GetFiles(SerTemporaryFiles.ProcessFolder, "*.partial"));
    }

    [Fact]
    public void RemoveAbandonedFolders_RemovesTheFoldersNoLiveProcessLocks_AndNothingElse()
    {
        var dead = ProcessFolder("mlnetser-process-1-dead");
        File.WriteAllText(Path.Combine(dead, ".owner"), "");
        File.WriteAllText(Path.Combine(dead, "network.onnx"), "graph");
        var alive = ProcessFolder("mlnetser-process-2-alive");
        using var owner = new FileStream(Path.Combine(alive, ".owner"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        // Made a moment ago, its owner file not yet written.
        var starting = ProcessFolder("mlnetser-process-3-starting");
        var unrelated = ProcessFolder("someone-else");
        File.WriteAllText(Path.Combine(unrelated, ".owner"), "");

        SerTemporaryFiles.RemoveAbandonedFolders(_folder.Path);

        Assert.False(Directory.Exists(dead));
        Assert.True(Directory.Exists(alive));
        Assert.True(Directory.Exists(starting));
        Assert.True(Directory.Exists(unrelated));
    }

    [Fact]
    public void FittingAndCheckingAnOnnxTransform_LeavesNoCopyOfItsGraphInTheTemporaryFolder()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new SegmentsRow { Segments = [0.7f, 0.2f, 0.1f] } });
        var estimator = ml.Transforms.SerAggregateSegments("Score", "Segments", classes: 3, SegmentAggregation.Max);
        var before = MlNetCopies();

        for (var i = 0; i < 3; i++)
        {
            estimator.GetOutputSchema(TransformTestData.Shape<SegmentsRow>(ml));
            Assert.NotNull(estimator.Fit(data).Transform(data).Preview());
        }

        // ML.NET's ApplyOnnxModel on a stream copied the graph to a randomly named file per call and never deleted it.
        Assert.Empty(MlNetCopies().Except(before));
    }

    [Fact]
    public void SerModelFileLoad_UnpacksIntoTheContextsOwnTemporaryFolder_WhenItNamesOne_AndRestoresIt()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new SegmentsRow { Segments = [0.7f, 0.2f, 0.1f] } });
        var zip = _folder.File("model.zip");
        SerModelFile.Save(ml, ml.Transforms.SerAggregateSegments("Score", "Segments", classes: 3).Fit(data), data.Schema, zip);
        var own = Directory.CreateDirectory(_folder.File("own-temp")).FullName;
        ml.TempFilePath = own;

        var loaded = SerModelFile.Load(ml, zip, out _);
        var unpacked = Directory.GetFiles(own, "*", SearchOption.AllDirectories);
        (loaded as IDisposable)?.Dispose();

        Assert.Equal(own, ml.TempFilePath);
        Assert.NotEmpty(unpacked);
        Assert.Empty(Directory.GetFiles(own, "*", SearchOption.AllDirectories));

        var byDefault = new MLContext(seed: 1);
        var defaultPath = byDefault.TempFilePath;
        using (SerModelFile.Load(byDefault, zip, out _) as IDisposable)
            Assert.Equal(defaultPath, byDefault.TempFilePath);
    }

    private string ProcessFolder(string name) => Directory.CreateDirectory(_folder.File(name)).FullName;

    // Path.GetRandomFileName's shape, which ML.NET gives its copies of ONNX graphs.
    private static HashSet<string> MlNetCopies()
        => [.. Directory.GetFiles(Path.GetTempPath()).Where(f => RandomFileName().IsMatch(Path.GetFileName(f)))];

    [GeneratedRegex(@"^[a-z0-9]{8}\.[a-z0-9]{3}$")]
    private static partial Regex RandomFileName();

    public sealed class SegmentsRow
    {
        public float[] Segments { get; set; } = [];
    }
}
