namespace MlNetSer.Evaluation;

/// <summary>How a row of <see cref="CombinationEvaluator"/> reaches its prediction (paper Table 7).</summary>
public enum FusionLevel
{
    /// <summary>One network alone: the argmax of its own utterance score.</summary>
    Single = 0,

    /// <summary>Score-level fusion (Eq. 1) with λ searched on the validation data.</summary>
    Score = 1,

    /// <summary>Feature-level fusion: the networks' features concatenated and classified by a linear SVM trained on the training data.</summary>
    Feature = 2,
}
