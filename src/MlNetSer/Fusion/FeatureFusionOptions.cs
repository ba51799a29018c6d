namespace MlNetSer.Fusion;

/// <summary>Options of <see cref="SerFeatureFusionEstimator"/>.</summary>
public sealed class FeatureFusionOptions
{
    /// <summary>
    /// The per-network utterance feature columns (fixed-size Single vectors, e.g. the mean last-FC
    /// features: 1024 for 1D, 4096 for AlexNet, 256 for 3D), concatenated in this order. Required.
    /// </summary>
    public string[] FeatureColumnNames { get; set; } = [];

    /// <summary>
    /// Names of the networks in <see cref="FeatureColumnNames"/> order (e.g. "1d", "2d", "3d"), recorded in
    /// the model for <see cref="FusionInspector"/>. Default: null, the column names.
    /// </summary>
    public string[]? NetworkNames { get; set; }

    /// <summary>The key-typed label column. Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The score column produced (one Single per class). Default "Score".</summary>
    public string ScoreColumnName { get; set; } = "Score";

    /// <summary>The predicted label (key) column produced. Default "PredictedLabel".</summary>
    public string PredictedLabelColumnName { get; set; } = "PredictedLabel";

    /// <summary>The classifier. Default <see cref="FeatureFusionClassifier.LinearSvm"/> (the paper's).</summary>
    public FeatureFusionClassifier Classifier { get; set; } = FeatureFusionClassifier.LinearSvm;

    /// <summary>The normalisation of the concatenated features. Default <see cref="FeatureFusionNormalization.MeanVariance"/>.</summary>
    public FeatureFusionNormalization Normalization { get; set; } = FeatureFusionNormalization.MeanVariance;

    /// <summary>Passes over the data of each linear SVM (ML.NET's <c>LinearSvm</c> numberOfIterations). Default 10.</summary>
    public int SvmIterations { get; set; } = 10;

    /// <summary>
    /// L2 regularisation of each linear SVM (ML.NET's <c>LinearSvm</c> lambda) when <see cref="SvmLambdaCandidates"/>
    /// is null or has a single value. Default 0.001 (ML.NET's default).
    /// </summary>
    public float SvmLambda { get; set; } = 0.001f;

    /// <summary>
    /// Regularisation strengths tried for the linear SVM (default 10⁻⁴ … 1 by decades). <c>Fit</c> cross-validates each
    /// on the data it is given, in <see cref="CrossValidationFolds"/> folds that keep each value of
    /// <see cref="GroupColumnName"/> (a speaker) in one fold, and keeps the lowest mean log-loss of the calibrated
    /// one-versus-all probabilities (ties: the higher accuracy, then the stronger regularisation); the classifier
    /// is then fitted on all of the data with it. Null or one value: <see cref="SvmLambda"/> (or that value), no search.
    /// </summary>
    public float[]? SvmLambdaCandidates { get; set; } = [1e-4f, 1e-3f, 1e-2f, 1e-1f, 1f];

    /// <summary>
    /// A text column (e.g. <c>Speaker</c>) whose values stay within one cross-validation fold of the
    /// <see cref="SvmLambdaCandidates"/> search, so that the folds measure generalisation to new speakers. Default
    /// null: the folds are drawn over rows. A column missing from the data is treated as null.
    /// </summary>
    public string? GroupColumnName { get; set; }

    /// <summary>Folds of the <see cref="SvmLambdaCandidates"/> search (at most one per group; default 5).</summary>
    public int CrossValidationFolds { get; set; } = 5;

    /// <summary>Trees of each FastTree classifier. Default 100.</summary>
    public int FastTreeTrees { get; set; } = 100;

    /// <summary>Seed of the trainers' random choices (the transforms catalog does not expose the user's context). Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>A copy of these options.</summary>
    public FeatureFusionOptions Clone()
    {
        var copy = (FeatureFusionOptions)MemberwiseClone();
        copy.FeatureColumnNames = (string[])FeatureColumnNames.Clone();
        copy.NetworkNames = (string[]?)NetworkNames?.Clone();
        copy.SvmLambdaCandidates = (float[]?)SvmLambdaCandidates?.Clone();
        return copy;
    }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">The message names the bad option.</exception>
    public void Validate()
    {
        if (FeatureColumnNames is not { Length: > 0 } || FeatureColumnNames.Any(string.IsNullOrEmpty))
            throw new ArgumentException("FeatureColumnNames must name at least one feature column, none empty.", nameof(FeatureColumnNames));
        if (NetworkNames is not null && NetworkNames.Length != FeatureColumnNames.Length)
            throw new ArgumentException($"NetworkNames has {NetworkNames.Length} names for {FeatureColumnNames.Length} feature columns.", nameof(NetworkNames));
        ArgumentException.ThrowIfNullOrEmpty(LabelColumnName, nameof(LabelColumnName));
        ArgumentException.ThrowIfNullOrEmpty(ScoreColumnName, nameof(ScoreColumnName));
        ArgumentException.ThrowIfNullOrEmpty(PredictedLabelColumnName, nameof(PredictedLabelColumnName));
        if (ScoreColumnName == PredictedLabelColumnName)
            throw new ArgumentException("ScoreColumnName and PredictedLabelColumnName must differ.", nameof(PredictedLabelColumnName));
        if (!Enum.IsDefined(Classifier))
            throw new ArgumentException($"Unknown Classifier {Classifier}.", nameof(Classifier));
        if (!Enum.IsDefined(Normalization))
            throw new ArgumentException($"Unknown Normalization {Normalization}.", nameof(Normalization));
        if (SvmIterations < 1)
            throw new ArgumentException($"SvmIterations must be at least 1 (got {SvmIterations}).", nameof(SvmIterations));
        if (!(SvmLambda > 0))
            throw new ArgumentException($"SvmLambda must be positive (got {SvmLambda}).", nameof(SvmLambda));
        if (SvmLambdaCandidates is { } candidates && (candidates.Length == 0 || candidates.Any(l => !(l > 0) || float.IsInfinity(l))))
            throw new ArgumentException($"SvmLambdaCandidates must be null or positive values (got {string.Join(", ", candidates)}).", nameof(SvmLambdaCandidates));
        if (GroupColumnName is { Length: 0 })
            throw new ArgumentException("GroupColumnName must be null or name a column.", nameof(GroupColumnName));
        if (CrossValidationFolds < 2)
            throw new ArgumentException($"CrossValidationFolds must be at least 2 (got {CrossValidationFolds}).", nameof(CrossValidationFolds));
        if (FastTreeTrees < 1)
            throw new ArgumentException($"FastTreeTrees must be at least 1 (got {FastTreeTrees}).", nameof(FastTreeTrees));
    }
}
