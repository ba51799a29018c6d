using System.Text.Json.Nodes;

namespace MlNetSer.Tests.Notebooks;

/// <summary>The runner reports what a user would see: a cell that throws or does not compile fails the run, by name.</summary>
[Collection(MlNetSer.Tests.Training.TrainingCollection.Name)] // the runner sets the working folder, a process-wide setting
public sealed class NotebookRunnerTests
{
    [Fact]
    public async Task ThrowingCell_FailsTheRun_NamingNotebookAndCell()
    {
        using var folder = new TempDirectory();
        var path = WriteNotebook(folder, "throws.ipynb", "var x = 1;", "// second\nthrow new InvalidOperationException(\"boom\");", "var never = 3;");

        var failure = await NotebookRunner.RunAsync(path);

        Assert.NotNull(failure);
        Assert.StartsWith("throws.ipynb, cell 3 (// second)", failure);
        Assert.Contains("boom", failure);
    }

    [Fact]
    public async Task CompileError_FailsTheRun_AndStateCarriesBetweenCells()
    {
        using var folder = new TempDirectory();
        var path = WriteNotebook(folder, "compile.ipynb", "var total = 40 + 2;", "if (total != 42) throw new Exception();", "int wrong = \"text\";");

        var failure = await NotebookRunner.RunAsync(path);

        Assert.NotNull(failure);
        Assert.StartsWith("compile.ipynb, cell 4 (int wrong = \"text\";)", failure);
        Assert.Contains("CS0029", failure);
    }

    [Fact]
    public async Task NotebookWhoseCellsAllRun_Passes()
    {
        using var folder = new TempDirectory();
        var path = WriteNotebook(folder, "fine.ipynb", "var words = new[] { \"a\", \"b\" };", "if (words.Length != 2) throw new Exception();");

        Assert.Null(await NotebookRunner.RunAsync(path));
    }

    // A markdown cell first, then one C# cell per code string, in the Polyglot notebook format VS Code writes.
    private static string WriteNotebook(TempDirectory folder, string name, params string[] code)
    {
        static JsonArray Lines(string text) => new(text.Split('\n').Select(l => (JsonNode?)JsonValue.Create(l + "\n")).ToArray());
        var cells = new JsonArray(new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = Lines("# test") });
        foreach (var c in code)
        {
            cells.Add(new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
                ["outputs"] = new JsonArray(),
                ["source"] = Lines(c),
            });
        }

        var notebook = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["polyglot_notebook"] = new JsonObject
                {
                    ["kernelInfo"] = new JsonObject { ["defaultKernelName"] = "csharp", ["items"] = new JsonArray(new JsonObject { ["name"] = "csharp" }) },
                },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return folder.Write(name, System.Text.Encoding.UTF8.GetBytes(notebook.ToJsonString()));
    }
}
