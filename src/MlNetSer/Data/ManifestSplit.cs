namespace MlNetSer.Data;

/// <summary>The value of a manifest's optional <c>split</c> column.</summary>
public enum ManifestSplit
{
    /// <summary>No split given (empty field or no split column).</summary>
    None = 0,

    /// <summary><c>train</c>: trains the networks and the feature-fusion classifier.</summary>
    Train = 1,

    /// <summary><c>test</c>: reported on; never seen in training or weight search.</summary>
    Test = 2,

    /// <summary><c>validation</c> (also <c>val</c>, <c>dev</c>): early stopping and fusion-weight search.</summary>
    Validation = 3,
}
