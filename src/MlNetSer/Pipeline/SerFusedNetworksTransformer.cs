using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Fusion;
using MlNetSer.Platform;
using MlNetSer.Training;
using MlNetSer.Transforms;

namespace MlNetSer.Pipeline;

/// <summary>
/// What <see cref="SerFusedNetworksEstimator"/> fits: the trained networks, the baseline, the feature-level and the
/// score-level fusion, applied in that order. It is a chain of built-in transformers and is saved as that chain:
/// <c>mlContext.Model.Load</c> gives back a <see cref="TransformerChain{TLastTransformer}"/> with the same outputs, and
/// <see cref="SerModelInfo.Read"/> describes either.
/// </summary>
public sealed class SerFusedNetworksTransformer : SerChainTransformer
{
    internal SerFusedNetworksTransformer(IReadOnlyList<SerNetworkTransformer> networks, TransformerChain<ITransformer>? baseline,
        TransformerChain<ITransformer> featureFusion, ScoreFusionTransformer scoreFusion, IReadOnlyList<string> labels,
        IReadOnlyDictionary<string, TrainingResult> training)
        : base(new TransformerChain<ITransformer>([.. networks.Select(n => n.Chain), .. Optional(baseline), featureFusion, scoreFusion]))
    {
        Networks = networks;
        ScoreFusion = scoreFusion;
        Labels = labels;
        Training = training;
        // Without the fusions, so that an experiment can fuse any combination of the networks.
        NetworkModel = new TransformerChain<ITransformer>([.. networks.Select(n => n.Chain), .. Optional(baseline)]);
    }

    /// <summary>Class names in score order (the label key's values).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The trained networks in the order of <see cref="SerPipelineOptions.Networks"/>.</summary>
    public IReadOnlyList<SerNetworkTransformer> Networks { get; }

    /// <summary>The score-level fusion: weights λ and the search on the validation speakers.</summary>
    public ScoreFusionTransformer ScoreFusion { get; }

    /// <summary>Each network's training summary (history, best epoch), by network name.</summary>
    public IReadOnlyDictionary<string, TrainingResult> Training { get; }

    /// <summary>The networks and the baseline without the fusions.</summary>
    public TransformerChain<ITransformer> NetworkModel { get; }

    /// <summary>
    /// The network outputs the fusions were fitted on (see <see cref="FusionFitting"/>): per utterance the key-typed
    /// <see cref="SerColumns.Label"/>, <see cref="SerColumns.Speaker"/> and every network's score and features columns,
    /// for utterances the networks did not train on.
    /// </summary>
    public IDataView FusionData { get; init; } = null!;

    /// <summary>
    /// The network outputs the feature fusion was fitted on, all from the networks it is applied to (a network's
    /// features are in a basis of its own, so another network's would not fit them): <see cref="FusionData"/>; with
    /// <see cref="FusionFitting.OutOfFold"/> its validation speakers' rows only (the others come from the out-of-fold
    /// networks); with <see cref="SerPipelineOptions.RefitNetworks"/> the refit networks' outputs for the fusion data's
    /// utterances.
    /// </summary>
    public IDataView FeatureFusionData { get; init; } = null!;

    /// <summary>Audio files the segment store could not read: their utterances trained no network (each with its problem).</summary>
    public IReadOnlyList<Features.Store.SegmentStoreFailure> SkippedFiles { get; init; } = [];

    /// <summary>The device the networks trained on and score on (<see cref="SerPipelineOptions.Device"/> resolved).</summary>
    public SerDevice Device { get; init; } = SerDevice.Cpu;

    private static ITransformer[] Optional(ITransformer? part) => part is null ? [] : [part];
}
