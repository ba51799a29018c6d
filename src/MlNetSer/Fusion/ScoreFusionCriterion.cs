namespace MlNetSer.Fusion;

/// <summary>What <see cref="ScoreFusionSearch"/> optimises when it chooses the weights λ.</summary>
public enum ScoreFusionCriterion
{
    /// <summary>
    /// The lowest log-loss of the fused scores (mean −ln of the true class's fused score); ties go to the higher accuracy.
    /// Log-loss moves with every utterance's score, not only with the few whose argmax flips, so on a few dozen validation
    /// utterances it picks weights that also hold on other speakers more often than accuracy does. The default.
    /// </summary>
    LogLoss = 0,

    /// <summary>The highest accuracy, the paper's criterion (Eq. 1); ties go to the higher UAR.</summary>
    Accuracy = 1,
}
