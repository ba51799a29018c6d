using MlNetSer.Data;
using MlNetSer.Evaluation;
using MlNetSer.Pipeline;

namespace MlNetSer.Evaluation;

/// <summary>A progress report of <see cref="SerExperiment"/>, delivered synchronously on the thread that runs it.</summary>
/// <param name="Stage">What happened.</param>
/// <param name="Fold">The fold it happened in (its speakers and utterances).</param>
/// <param name="FoldCount">How many folds the protocol has.</param>
/// <param name="Elapsed">Time since the experiment started.</param>
/// <param name="Training">The network training report, for <see cref="SerExperimentStage.Training"/>; otherwise null.</param>
/// <param name="Result">The fold's combinations, for <see cref="SerExperimentStage.FoldCompleted"/>; otherwise null.</param>
/// <param name="Store">The segment store's report, for <see cref="SerExperimentStage.CachingSegments"/>; otherwise null.</param>
public sealed record SerExperimentProgress(
    SerExperimentStage Stage,
    ProtocolFold Fold,
    int FoldCount,
    TimeSpan Elapsed,
    SerPipelineProgress? Training = null,
    CombinationFold? Result = null,
    Features.Store.SegmentStoreProgress? Store = null);
