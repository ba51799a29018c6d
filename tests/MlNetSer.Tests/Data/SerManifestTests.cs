using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Data;

namespace MlNetSer.Tests.Data;

public sealed class SerManifestTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetser-manifest-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string text, params string[] audioFiles)
    {
        foreach (var file in audioFiles)
        {
            var path = Path.Combine(_folder, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, [0]);
        }

        var manifest = Path.Combine(_folder, "manifest.csv");
        File.WriteAllText(manifest, text);
        return manifest;
    }

    [Fact]
    public void ReadsRelativeQuotedAndSplitFieldsInAnyColumnOrder()
    {
        var path = Write(
            "Speaker,path,label,split,notes\n" +
            "s1,a/one.wav,angry,train,x\n" +
            "\n" +
            "\"s, 2\",\"a/two, with comma.wav\",\"sa\"\"d\",TEST,\n" +
            "s3, b/three.wav , happy , val ,\n" +
            "s4,b/four.wav,happy,,\n",
            "a/one.wav", "a/two, with comma.wav", "b/three.wav", "b/four.wav");

        var manifest = SerManifest.Read(path);

        Assert.Empty(manifest.Problems);
        Assert.Equal(4, manifest.Entries.Count);
        var second = manifest.Entries[1];
        Assert.Equal(Path.Combine(_folder, "a", "two, with comma.wav"), second.Path);
        Assert.Equal("sa\"d", second.Label);
        Assert.Equal("s, 2", second.Speaker);
        Assert.Equal(ManifestSplit.Test, second.Split);
        Assert.Equal(4, second.Line);
        Assert.Equal([ManifestSplit.Train, ManifestSplit.Test, ManifestSplit.Validation, ManifestSplit.None], manifest.Entries.Select(e => e.Split));
        Assert.Equal(["angry", "happy", "sa\"d"], manifest.Labels);
        Assert.Equal(Path.Combine(_folder, "b", "three.wav"), manifest.Entries[2].Path);
    }

    [Fact]
    public void BadRowsBecomeProblemsNamingFileAndLineWhileTheRestIsRead()
    {
        var path = Write(
            "path,label,speaker,split\n" +
            "ok.wav,angry,s1,train\n" +
            "ok.wav,,s1,train\n" +
            "missing.wav,sad,s2,test\n" +
            "ok.wav,sad,s2,holdout\n" +
            "ok.wav,sad\n" +
            "\"ok.wav,sad,s2,test\n" +
            "ok.wav,happy,s3,test\n",
            "ok.wav");

        var manifest = SerManifest.Read(path);

        Assert.Equal([2, 8], manifest.Entries.Select(e => e.Line));
        Assert.Equal([3, 4, 5, 6, 7], manifest.Problems.Select(p => p.Line));
        Assert.All(manifest.Problems, p => Assert.Equal(path, p.File));
        Assert.Contains("label is empty", manifest.Problems[0].Message);
        Assert.Contains("missing.wav", manifest.Problems[1].Message);
        Assert.Contains("'holdout'", manifest.Problems[2].Message);
        Assert.Contains("field(s)", manifest.Problems[3].Message);
        Assert.Contains("quoted", manifest.Problems[4].Message);
        Assert.StartsWith($"{path}, line 3:", manifest.Problems[0].ToString());
        var error = Assert.Throws<InvalidDataException>(manifest.ThrowIfProblems);
        Assert.Contains("line 7", error.Message);
    }

    [Fact]
    public void EntriesLoadAsAnIDataView()
    {
        var path = Write("path,label,speaker,split\nx.wav,sad,s1,dev\ny.wav,angry,s2,\n", "x.wav", "y.wav");
        var manifest = SerManifest.Read(path);

        var data = ManifestDataView.Load(new MLContext(), manifest.Entries);

        Assert.Equal([Path.Combine(_folder, "x.wav"), Path.Combine(_folder, "y.wav")], data.GetColumn<string>("Path"));
        Assert.Equal(["validation", ""], data.GetColumn<string>("Split"));
        Assert.Equal(["s1", "s2"], data.GetColumn<string>("Speaker"));
    }

    [Fact]
    public void MissingAudioIsNotCheckedWhenAskedNotTo()
    {
        var path = Write("path,label,speaker\nnowhere.wav,sad,s1\n");

        var manifest = SerManifest.Read(path, new SerManifestOptions { CheckFilesExist = false });

        Assert.Single(manifest.Entries);
        Assert.Empty(manifest.Problems);
    }

    [Theory]
    [InlineData("path,label\nx.wav,sad\n", "speaker")]
    [InlineData("file,emotion,speaker\n", "path, label")]
    [InlineData("\n\n", "empty")]
    public void HeaderWithoutRequiredColumnsIsAClearError(string text, string expected)
    {
        var path = Write(text);

        var error = Assert.Throws<InvalidDataException>(() => SerManifest.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void MissingManifestNamesThePath()
    {
        var path = Path.Combine(_folder, "none.csv");
        var error = Assert.Throws<FileNotFoundException>(() => SerManifest.Read(path));
        Assert.Contains(path, error.Message);
    }
}
