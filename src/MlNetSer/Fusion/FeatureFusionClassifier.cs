namespace MlNetSer.Fusion;

/// <summary>The classifier of feature-level fusion.</summary>
public enum FeatureFusionClassifier
{
    /// <summary>One-versus-all linear SVM (ML.NET's <c>LinearSvm</c>), the paper's choice; the default.</summary>
    LinearSvm = 0,

    /// <summary>One-versus-all FastTree (boosted trees) binary classifiers.</summary>
    FastTree = 1,
}
