using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Fusion;
using MlNetSer.Platform;
using MlNetSer.Training;

namespace MlNetSer.Pipeline;

/// <summary>What <see cref="SerPipelineTrainer.Fit(IDataView, IDataView, IReadOnlyList{string}, SerFitProgress)"/> returns.</summary>
/// <param name="Model">
/// The whole chain as one ML.NET model (input: text columns <see cref="SerColumns.Path"/> and <see cref="SerColumns.Label"/>,
/// the label keyed inside the model and the predicted labels given back as text): audio, input
/// tensors, networks (<c>ScoreXd</c>/<c>FeaturesXd</c>), feature fusion (<see cref="SerColumns.FeatureScore"/>,
/// <see cref="SerColumns.FeaturePredictedLabel"/>) and score fusion (<see cref="SerColumns.Score"/>,
/// <see cref="SerColumns.PredictedLabel"/>). Save it with <c>mlContext.Model.Save</c>.
/// </param>
/// <param name="NetworkModel">
/// The same chain without the fusions (input: <see cref="SerColumns.Path"/> and <see cref="SerColumns.Label"/>; outputs every network's score and
/// features columns, and the baseline's when it was fitted), so that an experiment can fuse any combination of networks.
/// </param>
/// <param name="Labels">Class names in score order (the label keys' order).</param>
/// <param name="Training">Each network's training summary (history, best epoch), by network name.</param>
/// <param name="ScoreFusion">The score fusion's record: weights, mode and the validation accuracy of the chosen weights.</param>
public sealed record SerPipelineResult(
    TransformerChain<ITransformer> Model,
    TransformerChain<ITransformer> NetworkModel,
    IReadOnlyList<string> Labels,
    IReadOnlyDictionary<string, TrainingResult> Training,
    ScoreFusionInfo ScoreFusion)
{
    /// <summary>
    /// Every point of the λ grid the score fusion searched on the validation data (for the fusion-weight plot);
    /// null when the weights were fixed rather than searched.
    /// </summary>
    public ScoreFusionSearchResult? ScoreFusionSearch { get; init; }

    /// <summary>
    /// The network outputs the fusions were fitted on (see <see cref="FusionFitting"/>): per utterance the key-typed
    /// <see cref="SerColumns.Label"/>, <see cref="SerColumns.Speaker"/> and every network's score and features columns,
    /// for utterances the networks did not train on. An experiment fits every combination's fusion on it.
    /// </summary>
    public IDataView FusionData { get; init; } = null!;

    /// <summary>
    /// The network outputs the feature fusion was fitted on, all from the networks it is applied to (a network's
    /// features are in a basis of its own): <see cref="FusionData"/>; with <see cref="FusionFitting.OutOfFold"/> its
    /// validation speakers' rows only (the others come from the out-of-fold networks); with
    /// <see cref="SerPipelineOptions.RefitNetworks"/> the refit networks' outputs for the fusion data's utterances, which
    /// they trained on. An experiment fits every feature-level combination on it.
    /// </summary>
    public IDataView FeatureFusionData { get; init; } = null!;

    /// <summary>Audio files the segment store could not read: their utterances trained no network (each with its problem).</summary>
    public IReadOnlyList<Features.Store.SegmentStoreFailure> SkippedFiles { get; init; } = [];

    /// <summary>
    /// The device the networks trained on and the fitted model scores on (<see cref="SerPipelineOptions.Device"/> resolved:
    /// the CPU or a CUDA device). A saved model does not keep it: a loaded model scores where its <c>MLContext</c> says.
    /// </summary>
    public SerDevice Device { get; init; } = SerDevice.Cpu;
}
