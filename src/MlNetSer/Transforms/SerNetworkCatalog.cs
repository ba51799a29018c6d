using Microsoft.ML;
using MlNetSer.Models;
using MlNetSer.Platform;

namespace MlNetSer.Transforms;

/// <summary>
/// The paper's networks on <c>mlContext.MulticlassClassification.Trainers</c>: train a 1D, 2D or 3D CNN on a segments
/// column and a key label, and score it with ONNX Runtime.
/// </summary>
/// <remarks>
/// ML.NET keeps a catalog's <c>MLContext</c> (its seed, <c>GpuDeviceId</c>, log) internal to its own assemblies, so an
/// extension such as this cannot read it: the seed and the device are options here (<see cref="Platform.SerDevice"/>),
/// and nothing is written to the context's log.
/// </remarks>
public static class SerNetworkCatalog
{
    /// <summary>
    /// Trains <paramref name="network"/> on the segments in <paramref name="segmentColumnName"/> with the
    /// labels of the key column <paramref name="labelColumnName"/>, and adds the utterance scores
    /// (<paramref name="scoreColumnName"/>, size C, in key order) and features (<paramref name="featuresColumnName"/>).
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">The key label column (default <c>Label</c>; make it with <c>MapValueToKey</c>).</param>
    /// <param name="scoreColumnName">The utterance scores column to produce (default <c>Score</c>).</param>
    /// <param name="featuresColumnName">The utterance features column to produce (default <c>Features</c>).</param>
    /// <param name="segmentColumnName">The flattened segments column (default <c>Waveform</c>).</param>
    /// <param name="network">Which network (default the 1D CNN on 625-sample waveform segments).</param>
    /// <param name="speakerColumnName">Optional text column of speakers; validation holds out whole speakers (default null: each utterance is its own speaker).</param>
    /// <param name="device">Where the network trains and scores (default <see cref="SerDevice.Auto"/>: CUDA when TorchSharp and ONNX Runtime can both use it, else the CPU).</param>
    public static SerNetworkEstimator SerNetwork(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string scoreColumnName = "Score", string featuresColumnName = "Features",
        string segmentColumnName = "Waveform", NetworkKind network = NetworkKind.Cnn1d, string? speakerColumnName = null,
        SerDevice device = default)
        => SerNetwork(catalog, new SerNetworkOptions
        {
            Network = network,
            SegmentColumnName = segmentColumnName,
            LabelColumnName = labelColumnName,
            SpeakerColumnName = speakerColumnName,
            ScoreColumnName = scoreColumnName,
            FeaturesColumnName = featuresColumnName,
            Device = device,
        });

    /// <summary>Trains a network with every option of <see cref="SerNetworkOptions"/> (network options, trainer options, scoring device).</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The options.</param>
    /// <param name="progress">Receives the trainer's reports, synchronously on the training thread (default null).</param>
    public static SerNetworkEstimator SerNetwork(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, SerNetworkOptions options,
        IProgress<Training.TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SerNetworkEstimator(options, progress);
    }
}
