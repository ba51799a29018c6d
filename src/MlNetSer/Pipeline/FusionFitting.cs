namespace MlNetSer.Pipeline;

/// <summary>
/// Which network outputs the fusions (score-level λ, feature-level SVM) of <see cref="SerPipelineTrainer"/> are fitted
/// on. Either way they are outputs for utterances the networks did not train on: fusion weights fitted on training
/// outputs would trust whichever network memorised its training speakers best.
/// </summary>
public enum FusionFitting
{
    /// <summary>
    /// The validation speakers given to <c>Fit</c> (the networks train on the training speakers and stop early on
    /// these). No extra training; the fusions see only the validation speakers' utterances. The default.
    /// </summary>
    HeldOutSpeakers = 0,

    /// <summary>
    /// Out-of-fold outputs: the training speakers are dealt into <see cref="SerPipelineOptions.FusionFolds"/> groups,
    /// every network is trained once more per group without it and scores it, and the score fusion is fitted on those
    /// outputs for all training speakers plus the validation speakers'. The feature fusion reads features, which are in
    /// a basis of each network's own, so it learns from the final networks' features of the validation speakers, as
    /// with <see cref="HeldOutSpeakers"/>. Costs
    /// <see cref="SerPipelineOptions.FusionFolds"/> extra trainings of every network.
    /// </summary>
    OutOfFold = 1,
}
