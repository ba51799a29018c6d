namespace MlNetSer.Tests.TestSupport;

/// <summary>The repository this test build came from: the folder of <c>MlNetSer.sln</c>, found from the test output.</summary>
internal static class RepositoryFiles
{
    /// <summary>The repository's root folder.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MlNetSer.sln")))
                return folder.FullName;
        }

        throw new DirectoryNotFoundException($"No MlNetSer.sln above {AppContext.BaseDirectory}: these tests run from a build of the repository.");
    }
}
