namespace MlNetSer.Tests.Notebooks;

/// <summary>Where the repository's notebooks are: <c>notebooks/</c> beside <c>MlNetSer.sln</c>, found from the test output.</summary>
internal static class NotebookFiles
{
    /// <summary>The notebooks folder of the repository this test build came from.</summary>
    public static string Folder { get; } = Path.Combine(TestSupport.RepositoryFiles.Root, "notebooks");

    /// <summary>The file names of every notebook, in name order (the order a reader follows).</summary>
    public static IReadOnlyList<string> Names =>
        Directory.GetFiles(Folder, "*.ipynb").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <summary>The notebooks as xunit theory data.</summary>
    public static TheoryData<string> Data()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names)
            data.Add(name);
        return data;
    }
}
