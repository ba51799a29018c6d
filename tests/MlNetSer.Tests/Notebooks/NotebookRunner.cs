using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;

namespace MlNetSer.Tests.Notebooks;

/// <summary>
/// Runs the C# cells of a Polyglot notebook (<c>.ipynb</c>) in order in one C# kernel, as VS Code does when a user
/// runs all cells: the kernel's working folder is the notebook's folder, so its <c>#r "bin/…"</c> lines resolve
/// against <c>notebooks/bin/</c> unchanged. The kernel lives in the test process, where the assemblies those lines
/// name are already loaded from the test's own build of the same projects.
/// </summary>
internal static class NotebookRunner
{
    /// <summary>The kernel name that Polyglot notebooks give C# cells.</summary>
    public const string CSharp = "csharp";

    /// <summary>The C# cells of the notebook at <paramref name="path"/>, with their 1-based position among all its cells.</summary>
    public static IReadOnlyList<(int Index, string Code)> CSharpCells(string path)
    {
        var document = Notebook.Parse(File.ReadAllText(path));
        return document.Elements
            .Select((element, i) => (Element: element, Index: i + 1))
            .Where(cell => cell.Element.KernelName == CSharp)
            .Select(cell => (cell.Index, cell.Element.Contents))
            .ToArray();
    }

    /// <summary>
    /// Runs every C# cell of the notebook in order and stops at the first that fails to compile or throws.
    /// </summary>
    /// <returns>Null when all cells ran; otherwise a message naming the notebook, the cell and its first line.</returns>
    public static async Task<string?> RunAsync(string path)
    {
        var cells = CSharpCells(path);
        if (cells.Count == 0)
            return $"{path}: no C# cells.";

        var previousFolder = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            using var kernel = new CSharpKernel().UseKernelHelpers().UseValueSharing();
            foreach (var (index, code) in cells)
            {
                var result = await kernel.SendAsync(new SubmitCode(code));
                if (result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failure)
                {
                    var firstLine = code.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
                    return $"{Path.GetFileName(path)}, cell {index} ({firstLine}): {failure.Message}";
                }
            }

            return null;
        }
        finally
        {
            Directory.SetCurrentDirectory(previousFolder);
        }
    }
}
