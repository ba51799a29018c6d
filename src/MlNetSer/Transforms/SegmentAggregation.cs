namespace MlNetSer.Transforms;

/// <summary>How segment-level class probabilities become one utterance's scores (<see cref="SerAggregateSegmentsEstimator"/>).</summary>
public enum SegmentAggregation
{
    /// <summary>The mean of the segments' probabilities, the paper's (§2.3; the default).</summary>
    Mean = 0,

    /// <summary>Per class the largest probability of any segment, normalised to sum to 1.</summary>
    Max = 1,

    /// <summary>The mean of the segments' log-probabilities, normalised by a softmax (a normalised geometric mean).</summary>
    LogMean = 2,
}
