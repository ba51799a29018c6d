using Microsoft.ML;

namespace MlNetSer.Fusion;

/// <summary>Catalog extensions that create the MlNetSer fusion estimators.</summary>
public static class SerFusionCatalog
{
    /// <summary>
    /// Score-level fusion of the networks' utterance score columns (<see cref="SerScoreFusionEstimator"/>):
    /// <c>Fit</c> searches λ on the data it is given (give it speaker-disjoint validation data).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="scoreColumnNames">Per-network score columns (fixed-size Single vectors of the class count).</param>
    /// <param name="labelColumnName">The key-typed label column.</param>
    /// <param name="scoreColumnName">The fused score column produced.</param>
    /// <param name="predictedLabelColumnName">The predicted label (key) column produced.</param>
    public static SerScoreFusionEstimator SerScoreFusion(this TransformsCatalog catalog, string[] scoreColumnNames,
        string labelColumnName = "Label", string scoreColumnName = "Score", string predictedLabelColumnName = "PredictedLabel")
        => SerScoreFusion(catalog, new ScoreFusionOptions
        {
            ScoreColumnNames = scoreColumnNames,
            LabelColumnName = labelColumnName,
            ScoreColumnName = scoreColumnName,
            PredictedLabelColumnName = predictedLabelColumnName,
        });

    /// <summary>Score-level fusion with all options (<see cref="ScoreFusionOptions"/>).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options; validated here.</param>
    public static SerScoreFusionEstimator SerScoreFusion(this TransformsCatalog catalog, ScoreFusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SerScoreFusionEstimator(options);
    }

    /// <summary>
    /// Feature-level fusion (<see cref="SerFeatureFusionEstimator"/>): the networks' utterance feature
    /// columns concatenated, normalised and classified by one-versus-all linear SVM (or FastTree).
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="featureColumnNames">Per-network utterance feature columns (fixed-size Single vectors).</param>
    /// <param name="labelColumnName">The key-typed label column.</param>
    /// <param name="options">Further options; null for the defaults.</param>
    public static SerFeatureFusionEstimator SerFeatureFusion(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string[] featureColumnNames, string labelColumnName = "Label", FeatureFusionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var copy = options is null ? new FeatureFusionOptions() : options.Clone();
        copy.FeatureColumnNames = featureColumnNames;
        copy.LabelColumnName = labelColumnName;
        return new SerFeatureFusionEstimator(copy);
    }

    /// <summary>Feature-level fusion with all options (<see cref="FeatureFusionOptions"/>).</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The options; validated here.</param>
    public static SerFeatureFusionEstimator SerFeatureFusion(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        FeatureFusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SerFeatureFusionEstimator(options);
    }
}
