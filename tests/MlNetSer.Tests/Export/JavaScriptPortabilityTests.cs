using System.Diagnostics;
using System.Text.Json;
using MlNetSer.Export;
using MlNetSer.Pipeline;
using MlNetSer.Tests.TestSupport;

namespace MlNetSer.Tests.Export;

/// <summary>
/// The exported graph run by ONNX Runtime in another language: onnx/examples/score.mjs (the program onnx/README.md shows)
/// with the onnxruntime-node package from npm scores the test speaker's WAV files, and its JSON matches the .NET pipeline's
/// predictions, so portability is shown rather than assumed.
/// </summary>
[Collection(FusedModelCollection.Name)]
public sealed class JavaScriptPortabilityTests(FusedModelFixture fused)
{
    private static readonly string Examples = Path.Combine(RepositoryFiles.Root, "onnx", "examples");
    private static readonly object InstallLock = new();

    [NodeFact]
    public void NodeJsScoresTheExportedGraphAsThePipelineDoes()
    {
        EnsurePackages();
        var model = fused.Ml.Model.Load(fused.ModelPath, out _);
        var predictor = new SerPredictor(fused.Ml, model);
        foreach (var entry in fused.Fold.Test)
        {
            var expected = predictor.Predict(entry.Path);
            using var json = JsonDocument.Parse(RunNode("score.mjs", fused.OnnxPath, entry.Path));
            var root = json.RootElement;

            Assert.Equal(expected.Label, root.GetProperty("label").GetString());
            AssertScores(expected.Labels, expected.Scores, root.GetProperty("scores"));
            foreach (var (name, scores) in expected.Networks)
                AssertScores(expected.Labels, scores, root.GetProperty("networks").GetProperty(name));
            Assert.Equal(expected.FeatureLabel, root.GetProperty("feature_fusion").GetProperty("label").GetString());
            AssertScores(expected.Labels, expected.FeatureScores!, root.GetProperty("feature_fusion").GetProperty("scores"));
        }
    }

    [NodeFact]
    public void NodeJsScoresAllTheFilesInOneRunOfTheBatchedGraph_AsThePipelineDoes()
    {
        EnsurePackages();
        var model = fused.Ml.Model.Load(fused.ModelPath, out _);
        var predictor = new SerPredictor(fused.Ml, model);
        var paths = fused.Fold.Test.Select(e => e.Path).ToArray();

        var lines = RunNode(["score.mjs", fused.BatchedOnnxPath, .. paths]).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(paths.Length, lines.Length);
        foreach (var (path, line) in paths.Zip(lines))
        {
            var expected = predictor.Predict(path);
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            Assert.Equal(path, root.GetProperty("path").GetString());
            Assert.Equal(expected.Label, root.GetProperty("label").GetString());
            AssertScores(expected.Labels, expected.Scores, root.GetProperty("scores"));
            foreach (var (name, scores) in expected.Networks)
                AssertScores(expected.Labels, scores, root.GetProperty("networks").GetProperty(name));
            AssertScores(expected.Labels, expected.FeatureScores!, root.GetProperty("feature_fusion").GetProperty("scores"));
        }
    }

    [NodeFact]
    public void AWavAtAnotherSampleRateIsRefusedNamingTheFile()
    {
        EnsurePackages();
        var path = fused.Corpus.Folder.File("at-16k.wav");
        MlNetSer.Audio.WavWriter.WritePcm16(path, new float[16000], 16000);

        var (code, _, error) = Node("score.mjs", fused.OnnxPath, path);

        Assert.NotEqual(0, code);
        Assert.Contains(path, error);
        Assert.Contains("16000 Hz", error);
    }

    private static void AssertScores(IReadOnlyList<string> labels, float[] expected, JsonElement actual)
    {
        Assert.Equal(labels, actual.EnumerateObject().Select(p => p.Name));
        for (var i = 0; i < labels.Count; i++)
        {
            var value = actual.GetProperty(labels[i]).GetDouble();
            Assert.True(Math.Abs(expected[i] - value) <= 1e-4, $"{labels[i]}: {expected[i]} (.NET) vs {value} (Node.js)");
        }
    }

    // npm ci once per checkout (the registry is reachable wherever the tests run, as for NuGet).
    private static void EnsurePackages()
    {
        lock (InstallLock)
        {
            if (Directory.Exists(Path.Combine(Examples, "node_modules", "onnxruntime-node")))
                return;
            var (code, output, error) = Run("npm", Examples, "ci", "--no-audit", "--no-fund");
            Assert.True(code == 0, $"npm ci in {Examples} failed:\n{output}\n{error}");
        }
    }

    private static string RunNode(params string[] arguments)
    {
        var (code, output, error) = Node(arguments);
        Assert.True(code == 0, $"node {string.Join(" ", arguments)} failed ({code}):\n{error}");
        return output;
    }

    private static (int Code, string Output, string Error) Node(params string[] arguments) => Run("node", Examples, arguments);

    private static (int Code, string Output, string Error) Run(string program, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(" ", arguments)} did not finish in 5 minutes.");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
