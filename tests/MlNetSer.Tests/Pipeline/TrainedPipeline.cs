using Microsoft.ML;
using MlNetSer.Data;
using MlNetSer.Features;
using MlNetSer.Pipeline;
using MlNetSer.Tests.TestSupport;

namespace MlNetSer.Tests.Pipeline;

/// <summary>
/// The 1D and 3D networks (clips every <see cref="ClipFrameHop"/> frames) and both fusions trained once (fast preset, few epochs) on <see cref="PipelineCorpus"/>'s
/// fixed split, saved to a zip; shared by the pipeline and command tests.
/// </summary>
public sealed class TrainedPipeline : IDisposable
{
    public const int Epochs = 8;

    /// <summary>The clips' own frame hop (the 2D segments' is 30).</summary>
    public const int ClipFrameHop = 10;

    public TrainedPipeline()
    {
        var manifest = SerManifest.Read(Corpus.ManifestPath);
        Labels = manifest.Labels;
        Fold = FixedSplit.Split(manifest.Entries, new FixedSplitOptions { Seed = 1 });
        Result = new SerPipelineTrainer(new SerPipelineOptions
        {
            Networks = ["1d", "3d"],
            Preset = SerPipelinePreset.Fast,
            Epochs = Epochs,
            Seed = 1,
            OnnxDirectory = OnnxDirectory,
            // The 3D clips stack segments cut at their own hop, so every test of this model goes through that path too.
            Features = new FeatureOptions { Clip = new MelClipOptions { FrameHop = ClipFrameHop } },
        }).Fit(Fold.Training, Fold.Validation, manifest.Labels);
        ModelPath = Corpus.Folder.File("model.zip");
        Ml.Model.Save(Result.Model, SerInput.Schema(Ml), ModelPath);
    }

    internal PipelineCorpus Corpus { get; } = new();

    public MLContext Ml { get; } = new(seed: 1);

    public ProtocolFold Fold { get; }

    public IReadOnlyList<string> Labels { get; }

    public SerPipelineResult Result { get; }

    public string ModelPath { get; }

    public string OnnxDirectory => Corpus.Folder.File("onnx");

    public string ManifestPath => Corpus.ManifestPath;

    /// <summary>The held-out test speaker's files.</summary>
    public string[] TestPaths => Fold.Test.Select(e => e.Path).ToArray();

    /// <summary>A data view of <paramref name="paths"/> with empty labels, as at prediction time.</summary>
    public IDataView PathData(IEnumerable<string> paths) => SerInput.Load(Ml, paths);

    public void Dispose() => Corpus.Dispose();
}
