namespace MlNetSer.Training;

/// <summary>
/// How <see cref="SegmentTrainer"/> sets a network's input normalisation (<see cref="Models.InputNormalization"/>)
/// from the training segments before training: never from validation or test data.
/// </summary>
public enum InputNormalizationMode
{
    /// <summary>
    /// One mean and standard deviation per input channel and Mel band, over all frames (and clip depths) of every
    /// training segment: the default. Each band of the static, Δ and ΔΔ channels gets mean 0 and unit variance
    /// before the backbone's own input range is applied.
    /// </summary>
    PerChannelAndBand = 0,

    /// <summary>One mean and standard deviation per input channel, over all bands and frames.</summary>
    PerChannel = 1,

    /// <summary>No normalisation: the networks see the log-Mel values as they are (MlNetSer before 0.2).</summary>
    None = 2,
}
