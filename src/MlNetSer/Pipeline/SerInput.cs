using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSer.Pipeline;

/// <summary>
/// One input row of a fused model: the audio file and, for evaluation, its emotion label. The model keys the label
/// itself; leave it empty to predict. Use it with <c>mlContext.Data.LoadFromEnumerable</c> or a <c>PredictionEngine</c>.
/// </summary>
public sealed class SerInput
{
    /// <summary>The audio file (<see cref="SerColumns.Path"/>).</summary>
    [ColumnName(SerColumns.Path)]
    public string Path { get; set; } = "";

    /// <summary>The emotion label (<see cref="SerColumns.Label"/>; default empty: unknown).</summary>
    [ColumnName(SerColumns.Label)]
    public string Label { get; set; } = "";

    /// <summary>Unlabelled rows for <paramref name="paths"/>, as at prediction time.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="paths">Audio files.</param>
    public static IDataView Load(MLContext mlContext, IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(paths);
        return mlContext.Data.LoadFromEnumerable(paths.Select(p => new SerInput { Path = p }).ToArray());
    }

    /// <summary>The model's input schema (what <c>mlContext.Model.Save</c> takes).</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    public static DataViewSchema Schema(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return mlContext.Data.LoadFromEnumerable(Array.Empty<SerInput>()).Schema;
    }
}

/// <summary>
/// What a fused model predicts for one <see cref="SerInput"/> (the output class of a <c>PredictionEngine</c>), for a model
/// whose chain ends in <c>MapKeyToValue("PredictedLabel")</c>.
/// </summary>
public sealed class SerPrediction
{
    /// <summary>The emotion of the score fusion (<see cref="SerColumns.PredictedLabel"/>).</summary>
    [ColumnName(SerColumns.PredictedLabel)]
    public string PredictedLabel { get; set; } = "";

    /// <summary>The fused class probabilities in the model's label order (<see cref="SerColumns.Score"/>).</summary>
    [ColumnName(SerColumns.Score)]
    public float[] Score { get; set; } = [];
}
