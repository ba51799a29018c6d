namespace MlNetSer.Fusion;

/// <summary>How feature-level fusion normalises the concatenated features before the classifier.</summary>
public enum FeatureFusionNormalization
{
    /// <summary>
    /// Zero mean and unit variance per feature (<c>NormalizeMeanVariance</c> with <c>fixZero: false</c>),
    /// fitted on the training data; the default, since the networks' features have very different scales.
    /// </summary>
    MeanVariance = 0,

    /// <summary>Scale to [0, 1] per feature (<c>NormalizeMinMax</c> with <c>fixZero: false</c>).</summary>
    MinMax = 1,

    /// <summary>No normalisation.</summary>
    None = 2,
}
