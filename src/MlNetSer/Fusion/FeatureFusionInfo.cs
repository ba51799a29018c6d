namespace MlNetSer.Fusion;

/// <summary>
/// What a fitted feature fusion records in the model zip, read back by <see cref="FusionInspector"/>
/// (also from a model loaded with <c>Model.Load</c>).
/// </summary>
/// <param name="Networks">Network names in concatenation order.</param>
/// <param name="FeatureColumnNames">The feature columns concatenated.</param>
/// <param name="Classifier">The classifier trained.</param>
/// <param name="Normalization">The normalisation applied before it.</param>
/// <param name="ClassNames">Class names in key order (the label's key values).</param>
/// <param name="ScoreColumnName">The score column it writes.</param>
/// <param name="PredictedLabelColumnName">The predicted label column it writes.</param>
/// <param name="SvmLambda">The linear SVM's regularisation (null for FastTree, and in models saved before it was recorded).</param>
/// <param name="CrossValidationLogLoss">
/// The cross-validated log-loss of <paramref name="SvmLambda"/> when it was chosen by the search of
/// <see cref="FeatureFusionOptions.SvmLambdaCandidates"/>; otherwise null.
/// </param>
public sealed record FeatureFusionInfo(
    IReadOnlyList<string> Networks,
    IReadOnlyList<string> FeatureColumnNames,
    FeatureFusionClassifier Classifier,
    FeatureFusionNormalization Normalization,
    IReadOnlyList<string> ClassNames,
    string ScoreColumnName,
    string PredictedLabelColumnName,
    float? SvmLambda = null,
    double? CrossValidationLogLoss = null);
