namespace MlNetSer.Evaluation;

/// <summary>How a row of <see cref="CombinationEvaluator"/> reaches its prediction (paper Table 7).</summary>
public enum FusionLevel
{
    /// <summary>One network alone: the argmax of its own utterance score.</summary>
    Single = 0,

    /// <summary>Score-level fusion (Eq. 1) with λ searched on network outputs for utterances the networks did not train on.</summary>
    Score = 1,

    /// <summary>
    /// Feature-level fusion: the networks' features concatenated and classified by a linear SVM trained on network
    /// outputs for utterances the networks did not train on.
    /// </summary>
    Feature = 2,

    /// <summary>
    /// The shallow baseline, no network: a linear SVM on utterance log-Mel statistics (per band mean and standard
    /// deviation), trained on the training and validation speakers. Its row has no networks.
    /// </summary>
    Baseline = 3,
}
