using System.Text.RegularExpressions;

using MlNetSer.Tests.TestSupport;

namespace MlNetSer.Tests.Docs;

/// <summary>
/// The library's folders are its pipeline stages and namespaces; they must not import each other in circles, so a
/// newcomer can read them bottom-up. Reads the sources of this repository: every <c>using MlNetSer.X</c>,
/// <c>MlNetSer.X.</c> and namespace-relative <c>X.Type</c> reference counts as a dependency of its file's folder.
/// </summary>
public sealed partial class FolderLayoutTests
{
    [Fact]
    public void LibraryFolders_ImportEachOtherWithoutCycles()
    {
        var library = Path.Combine(RepositoryFiles.Root, "src", "MlNetSer");
        var folders = Directory.GetDirectories(library).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj" or "buildTransitive")).ToHashSet()!;
        var edges = folders.ToDictionary(f => f!, _ => new HashSet<string>());
        foreach (var folder in folders)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(library, folder!), "*.cs", SearchOption.AllDirectories))
            {
                var code = File.ReadAllText(file);
                foreach (Match match in Reference().Matches(code))
                {
                    var target = match.Groups["q"].Success ? match.Groups["q"].Value : match.Groups["r"].Value;
                    if (target != folder && folders.Contains(target))
                        edges[folder!].Add(target);
                }
            }
        }

        var cycle = FindCycle(edges);

        Assert.True(cycle is null, $"folders import each other in a circle: {string.Join(" → ", cycle ?? [])}");
    }

    [Fact]
    public void CycleFinder_FindsACycle_AndAcceptsAChain()
    {
        Assert.Equal(["A", "B", "C", "A"], FindCycle(new() { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"] }));
        Assert.Null(FindCycle(new() { ["A"] = ["B"], ["B"] = ["C"], ["C"] = [] }));
    }

    // A depth-first search; the first cycle found, as a closed path.
    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> edges)
    {
        var state = new Dictionary<string, int>();
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges[node].Order(StringComparer.Ordinal))
            {
                if (state.GetValueOrDefault(next) == 1)
                    return [.. path.Skip(path.IndexOf(next)), next];
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                    return found;
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
                return cycle;
        }

        return null;
    }

    // MlNetSer.X (using or qualified), or X.Type not preceded by a member access (a namespace-relative name).
    [GeneratedRegex(@"\bMlNetSer\.(?<q>[A-Z]\w*)|(?<![\w.])(?<r>Audio|Data|Evaluation|Features|Fusion|IO|Metrics|Models|Onnx|Pipeline|Platform|Synthesis|Training|Transforms)\.[A-Z]")]
    private static partial Regex Reference();
}
