using MlNetSer.Pipeline;
namespace MlNetSer.Evaluation;

/// <summary>The evaluation protocols of <see cref="SerExperiment"/> (paper §4.1).</summary>
public enum SerExperimentProtocol
{
    /// <summary>
    /// Leave-one-speaker-group-out cross-validation with <see cref="SerExperimentOptions.Folds"/> groups (the
    /// paper's BAUM-1s protocol; <see cref="Data.SpeakerGroupKFold"/>). The manifest's split column is ignored.
    /// </summary>
    SpeakerGroupKFold,

    /// <summary>
    /// One fold from the manifest's split column: train on <c>train</c>, report on <c>test</c> (the paper's
    /// AFEW5.0 protocol; <see cref="Data.FixedSplit"/>).
    /// </summary>
    FixedSplit,
}
