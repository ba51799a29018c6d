using Microsoft.ML;

namespace MlNetSer.Pipeline;

/// <summary>The paper's fused model on <c>mlContext.MulticlassClassification.Trainers</c>.</summary>
/// <remarks>
/// ML.NET keeps a catalog's <c>MLContext</c> (its seed, <c>GpuDeviceId</c>, log) internal to its own assemblies, so an
/// extension such as this cannot read it: the seed and the device are options here (<see cref="Platform.SerDevice"/>),
/// and nothing is written to the context's log.
/// </remarks>
public static class SerPipelineCatalog
{
    /// <summary>
    /// The three networks and both fusions as one trainer (<see cref="SerFusedNetworksEstimator"/>): reads the key
    /// <see cref="SerColumns.Label"/>, <see cref="SerColumns.Path"/>, <see cref="SerColumns.Speaker"/> and the tensor columns
    /// of <c>SerFeatures</c>, and adds every network's scores and features, the fusions' and the baseline's columns and
    /// the fused <see cref="SerColumns.Score"/> and <see cref="SerColumns.PredictedLabel"/>.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The options (null: the paper's, see <see cref="SerPipelineOptions"/>).</param>
    /// <param name="validationSet">
    /// Utterances of other speakers with the same columns as the training data (the training data run through the same
    /// preceding transforms), for early stopping and for fitting the fusions; null (default) holds out
    /// <see cref="SerPipelineOptions.ValidationFraction"/> of the training speakers instead.
    /// </param>
    /// <param name="progress">Where the fit reports the segment store's and each network's progress (default null: nowhere).</param>
    public static SerFusedNetworksEstimator SerFusedNetworks(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        SerPipelineOptions? options = null, IDataView? validationSet = null, SerFitProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SerFusedNetworksEstimator(options ?? new SerPipelineOptions(), validationSet, progress);
    }
}
