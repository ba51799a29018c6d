using MlNetSer.Pipeline;
namespace MlNetSer.Evaluation;

/// <summary>Where a fold of <see cref="SerExperiment"/> is, as reported by <see cref="SerExperimentProgress"/>.</summary>
public enum SerExperimentStage
{
    /// <summary>The fold starts: its parts are known and speaker-disjoint.</summary>
    FoldStarted,

    /// <summary>The segment store computes the fold's tensors (<see cref="SerExperimentProgress.Store"/> is set).</summary>
    CachingSegments,

    /// <summary>A network reports training progress (<see cref="SerExperimentProgress.Training"/> is set).</summary>
    Training,

    /// <summary>The networks are trained; the training, validation and test views are being scored and combined.</summary>
    Evaluating,

    /// <summary>The fold is done (<see cref="SerExperimentProgress.Result"/> is set).</summary>
    FoldCompleted,
}
