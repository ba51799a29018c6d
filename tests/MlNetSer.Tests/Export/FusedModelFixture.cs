using Microsoft.ML;
using MlNetSer.Data;
using MlNetSer.Export;
using MlNetSer.Pipeline;
using MlNetSer.Tests.Pipeline;

namespace MlNetSer.Tests.Export;

/// <summary>
/// A three-network fused model (1D, 2D ResNet-18, 3D; both fusions and the baseline) trained for one epoch on the toy
/// corpus, saved, and exported as one ONNX graph, one utterance per run and batched: what the export tests compare.
/// </summary>
public sealed class FusedModelFixture : IDisposable
{
    public FusedModelFixture()
    {
        var manifest = SerManifest.Read(Corpus.ManifestPath);
        Fold = FixedSplit.Split(manifest.Entries, new FixedSplitOptions { Seed = 2 });
        var result = new SerPipelineTrainer(new SerPipelineOptions
        {
            Preset = SerPipelinePreset.Fast,
            Epochs = 1,
            Seed = 2,
        }).Fit(Fold.Training, Fold.Validation, manifest.Labels);
        ModelPath = Corpus.Folder.File("fused.zip");
        Ml.Model.Save(result.Model, SerInput.Schema(Ml), ModelPath);
        OnnxPath = Corpus.Folder.File("fused.onnx");
        SerFusedOnnx.Export(Ml, ModelPath, OnnxPath);
        BatchedOnnxPath = Corpus.Folder.File("fused-batch.onnx");
        SerFusedOnnx.Export(Ml, ModelPath, BatchedOnnxPath, new SerFusedOnnxOptions { Batch = true });
    }

    internal PipelineCorpus Corpus { get; } = new(perSpeaker: 2);

    public MLContext Ml { get; } = new(seed: 2);

    public ProtocolFold Fold { get; }

    public string ModelPath { get; }

    public string OnnxPath { get; }

    public string BatchedOnnxPath { get; }

    public void Dispose() => Corpus.Dispose();
}

/// <summary>The tests that share one <see cref="FusedModelFixture"/> (trained once per run).</summary>
[CollectionDefinition(Name)]
public sealed class FusedModelCollection : ICollectionFixture<FusedModelFixture>
{
    public const string Name = "Fused model";
}
