namespace MlNetSer.Training;

/// <summary>What <see cref="SegmentTrainer"/> keeps the best epoch by, on the validation speakers.</summary>
public enum EarlyStoppingMetric
{
    /// <summary>Utterance-level accuracy (ties: the lower validation loss). Coarse on a few dozen utterances. The default.</summary>
    Accuracy = 0,

    /// <summary>Mean segment cross-entropy: moves with every segment, so a small validation set ranks epochs less by chance.</summary>
    Loss = 1,
}
