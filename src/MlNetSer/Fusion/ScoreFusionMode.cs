namespace MlNetSer.Fusion;

/// <summary>Which data the score-fusion weights were searched on; recorded in the fitted model.</summary>
public enum ScoreFusionMode
{
    /// <summary>
    /// The weights are searched on validation data that shares no speaker with the data the networks
    /// were trained on or with the test data (the honest setting; the default).
    /// </summary>
    Validation = 0,

    /// <summary>
    /// The weights are searched on the test data itself, as the paper did: an optimistic upper bound,
    /// always to be reported as "oracle".
    /// </summary>
    Oracle = 1,

    /// <summary>The weights were given by the caller; no search was made.</summary>
    Fixed = 2,
}
