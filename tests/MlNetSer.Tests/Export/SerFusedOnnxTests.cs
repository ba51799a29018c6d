using Microsoft.ML.OnnxRuntime;
using MlNetSer.Audio;
using MlNetSer.Export;
using MlNetSer.Pipeline;
using MlNetSer.Tests.TestSupport;
using Xunit.Abstractions;

namespace MlNetSer.Tests.Export;

[Collection(FusedModelCollection.Name)]
public sealed class SerFusedOnnxTests(FusedModelFixture fused, ITestOutputHelper log)
{
    [Fact]
    public void TheGraphMatchesThePipelineOnTheTestSpeakersFiles()
    {
        var model = fused.Ml.Model.Load(fused.ModelPath, out _);
        var predictor = new SerPredictor(fused.Ml, model);
        using var session = new InferenceSession(fused.OnnxPath);
        foreach (var entry in fused.Fold.Test)
        {
            var expected = predictor.Predict(entry.Path);
            var outputs = FusedOnnxRun.Run(session, AudioReader.Load(entry.Path).Samples).Floats;
            var probabilities = outputs[SerFusedOnnx.Probabilities];
            log.WriteLine($"{Path.GetFileName(entry.Path)}: {string.Join(" ", expected.Scores)} vs {string.Join(" ", probabilities)}");
            AssertClose(expected.Scores, probabilities);
            foreach (var (name, scores) in expected.Networks)
            {
                log.WriteLine($"  {name}: {string.Join(" ", scores)} vs {string.Join(" ", outputs[SerFusedOnnx.UtteranceProbabilities(name)])}");
                AssertClose(scores, outputs[SerFusedOnnx.UtteranceProbabilities(name)]);
            }

            log.WriteLine($"  feature: {string.Join(" ", expected.FeatureScores!)} vs {string.Join(" ", outputs[SerFusedOnnx.FeatureFusionScores])}");
            AssertClose(expected.FeatureScores!, outputs[SerFusedOnnx.FeatureFusionScores]);
        }
    }

    [Fact]
    public void EveryOutputHasTheShapeAndTypeTheGraphDeclares_AndTheOpsetsAreStandard()
    {
        var onnx = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(fused.OnnxPath));
        Assert.Equal(17, onnx.OpsetImport.Single(o => o.Domain == "").Version);
        Assert.All(onnx.OpsetImport, o => Assert.Contains(o.Domain, new[] { "", "ai.onnx.ml" }));
        using var session = new InferenceSession(fused.OnnxPath);
        var samples = AudioReader.Load(fused.Fold.Test[0].Path).Samples;
        using var input = OrtValue.CreateTensorValueFromMemory(samples, [samples.Length]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, new Dictionary<string, OrtValue> { [SerFusedOnnx.SamplesInput] = input }, session.OutputNames);
        for (var i = 0; i < session.OutputNames.Count; i++)
        {
            var declared = session.OutputMetadata[session.OutputNames[i]];
            var actual = results[i].GetTensorTypeAndShape();
            Assert.Equal(declared.Dimensions.Length, actual.Shape.Length);
            for (var d = 0; d < actual.Shape.Length; d++)
                Assert.True(declared.Dimensions[d] == -1 || declared.Dimensions[d] == actual.Shape[d], $"{session.OutputNames[i]}: dimension {d} is {actual.Shape[d]}, declared {declared.Dimensions[d]}");
            Assert.Equal(declared.ElementDataType, actual.ElementDataType);
        }
    }

    [Theory]
    [InlineData("silence", 2.0)]
    [InlineData("one-sample", 1.0 / 22050)]
    [InlineData("shorter-than-a-mel-segment", 0.3)]
    [InlineData("ten-minutes", 600.0)]
    public void TheGraphMatchesThePipelineOnEdgeCases(string name, double seconds)
    {
        var samples = new float[Math.Max(1, (int)Math.Round(seconds * 22050))];
        if (name != "silence")
        {
            var random = new Random(7);
            for (var i = 0; i < samples.Length; i++)
                samples[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 440 * i / 22050.0) * (1 + 0.5 * Math.Sin(i / 5000.0)) + 0.05 * (random.NextDouble() - 0.5));
        }

        var path = fused.Corpus.Folder.File($"{name}.wav");
        WavWriter.WritePcm16(path, samples, 22050);
        var model = fused.Ml.Model.Load(fused.ModelPath, out _);
        var expected = new SerPredictor(fused.Ml, model).Predict(path);
        using var session = new InferenceSession(fused.OnnxPath);
        var outputs = FusedOnnxRun.Run(session, AudioReader.Load(path).Samples).Floats;

        log.WriteLine($"{name}: {string.Join(" ", expected.Scores)} vs {string.Join(" ", outputs[SerFusedOnnx.Probabilities])}");
        AssertClose(expected.Scores, outputs[SerFusedOnnx.Probabilities]);
        foreach (var (network, scores) in expected.Networks)
            AssertClose(scores, outputs[SerFusedOnnx.UtteranceProbabilities(network)]);
        AssertClose(expected.FeatureScores!, outputs[SerFusedOnnx.FeatureFusionScores]);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4, $"class {i}: {expected[i]} vs {actual[i]}");
    }
}
