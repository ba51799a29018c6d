using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlNetSer.Tests.TestSupport;
using MlNetSer.Tests.Training;
using Xunit.Abstractions;

namespace MlNetSer.Tests.Docs;

/// <summary>
/// README's "The library" program is compiled against this build of the library, as a console program with the SDK's
/// implicit usings, and run: it must train, evaluate, save, load and predict without an exception, so the README cannot
/// drift from the API. It trains, so it sits in the non-parallel training collection.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class ReadmeProgramTests(ITestOutputHelper log)
{
    // What `dotnet new console` puts in GlobalUsings.g.cs (ImplicitUsings=enable).
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    [Fact]
    public void ReadmeLibraryProgram_CompilesAndRunsEndToEnd()
    {
        var code = LibraryProgram(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "README.md")));
        var assembly = Compile(code);
        using var folder = new TempDirectory();

        var output = Run(assembly, folder.Path);

        log.WriteLine(output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("test speakers: accuracy ", lines[0], StringComparison.Ordinal);
        Assert.Contains("networks 1d cnn1d, 2d resnet18 (imagenet), 3d cnn3d", lines[1], StringComparison.Ordinal);
        Assert.Contains("baseline yes", lines[1], StringComparison.Ordinal);
        var predicted = lines[2].Split(": ")[1].Split(" (said with ")[0];
        Assert.Contains(predicted, new[] { "anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral" });
        Assert.True(File.Exists(Path.Combine(folder.Path, "ser.zip")));
    }

    [Fact]
    public void Extractor_FindsTheFirstCsharpBlockOfTheLibrarySection()
    {
        const string readme = "# X\n```csharp\nnot this\n```\n## The library\ntext\n```csharp\nvar a = 1;\n```\n```csharp\nnor this\n```\n";

        Assert.Equal("var a = 1;\n", LibraryProgram(readme));
        Assert.Throws<InvalidOperationException>(() => LibraryProgram("# X\n## Other\n```csharp\nx\n```\n"));
    }

    private static string LibraryProgram(string readme)
    {
        var section = readme.IndexOf("\n## The library", StringComparison.Ordinal);
        if (section < 0)
            throw new InvalidOperationException("README.md has no '## The library' section.");
        var start = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal);
        var end = start < 0 ? -1 : readme.IndexOf("\n```", start + 10, StringComparison.Ordinal);
        if (start < 0 || end < 0)
            throw new InvalidOperationException("README.md's library section has no ```csharp block.");
        return readme[(start + "```csharp\n".Length)..(end + 1)];
    }

    private static Assembly Compile(string code)
    {
        // Every assembly the test host can load: the framework and this build's MlNetSer, ML.NET, TorchSharp, ….
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.Length > 0)
            .Select(p => MetadataReference.CreateFromFile(p));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create("ReadmeProgram",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, parse), CSharpSyntaxTree.ParseText(code, parse, path: "README.md")],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(result.Success, "README's program does not compile:\n" + string.Join('\n', errors.Select(e => e.ToString())));
        return AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(image.ToArray()));
    }

    // Runs the entry point in folder (the program writes relative paths) and returns what it printed.
    private static string Run(Assembly assembly, string folder)
    {
        var previousFolder = Directory.GetCurrentDirectory();
        var previousOut = Console.Out;
        using var output = new StringWriter();
        Directory.SetCurrentDirectory(folder);
        Console.SetOut(output);
        try
        {
            var entry = assembly.EntryPoint ?? throw new InvalidOperationException("README's program has no entry point.");
            entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(previousOut);
            Directory.SetCurrentDirectory(previousFolder);
        }

        return output.ToString();
    }
}
