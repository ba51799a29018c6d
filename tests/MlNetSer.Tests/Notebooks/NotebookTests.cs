using System.Text.Json;
using MlNetSer.Tests.Training;

namespace MlNetSer.Tests.Notebooks;

/// <summary>
/// Every notebook runs top to bottom: each C# cell compiles and runs without an exception, in a kernel that resolves
/// the notebook's own <c>#r</c> lines against the build output <c>notebooks/bin/</c>. The notebooks train small
/// models, so this sits in the non-parallel training collection (libtorch's thread count is process-wide).
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class NotebookTests
{
    /// <summary>The notebooks the README promises, in reading order.</summary>
    private static readonly string[] Expected = ["01-quickstart.ipynb", "02-features.ipynb", "03-paper-tables.ipynb", "04-onnx.ipynb"];

    public static TheoryData<string> Notebooks() => NotebookFiles.Data();

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task EveryCsharpCell_RunsInOrder(string notebook)
    {
        var failure = await NotebookRunner.RunAsync(Path.Combine(NotebookFiles.Folder, notebook));

        Assert.True(failure is null, failure);
    }

    [Fact]
    public void TheFourNotebooks_AreThere()
    {
        Assert.Equal(Expected, NotebookFiles.Names);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void FirstCodeCell_ReferencesTheRepositoryBuild(string notebook)
    {
        var first = NotebookRunner.CSharpCells(Path.Combine(NotebookFiles.Folder, notebook))[0].Code;

        Assert.Contains("#r \"bin/MlNetSer.dll\"", first);
        Assert.DoesNotContain("nuget:", first);
        foreach (var line in first.Split('\n').Where(l => l.StartsWith("#r ", StringComparison.Ordinal)))
        {
            var file = line.Trim()[4..^1];
            Assert.True(File.Exists(Path.Combine(NotebookFiles.Folder, file)), $"{notebook}: {line.Trim()} names a file the build did not write.");
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void CommittedNotebook_CarriesNoOutputs(string notebook)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(NotebookFiles.Folder, notebook)));

        foreach (var (cell, index) in json.RootElement.GetProperty("cells").EnumerateArray().Select((c, i) => (c, i + 1)))
        {
            if (cell.GetProperty("cell_type").GetString() != "code")
                continue;
            Assert.True(cell.GetProperty("outputs").GetArrayLength() == 0, $"{notebook}, cell {index} has outputs: clear them before committing.");
            Assert.True(cell.GetProperty("execution_count").ValueKind == JsonValueKind.Null, $"{notebook}, cell {index} has an execution count.");
        }
    }
}
