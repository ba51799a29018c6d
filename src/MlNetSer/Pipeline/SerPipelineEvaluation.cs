using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Metrics;

namespace MlNetSer.Pipeline;

/// <summary>
/// The figures of every classifier in a fused model on labelled data: each network alone (argmax of its
/// <c>ScoreXd</c>), the feature fusion and the score fusion.
/// </summary>
public static class SerPipelineEvaluation
{
    /// <summary>Name of the feature-fusion entry in <see cref="Evaluate(MLContext, ITransformer, IDataView, out int)"/>'s result.</summary>
    public const string FeatureFusion = "feature_fusion";

    /// <summary>Name of the score-fusion entry in <see cref="Evaluate(MLContext, ITransformer, IDataView, out int)"/>'s result.</summary>
    public const string ScoreFusion = "score_fusion";

    /// <summary>Name of the baseline entry (log-Mel statistics + linear SVM) in <see cref="Evaluate(MLContext, ITransformer, IDataView, out int)"/>'s result.</summary>
    public const string Baseline = "baseline";

    /// <summary>
    /// Scores <paramref name="data"/> (text columns <see cref="SerColumns.Path"/> and <see cref="SerColumns.Label"/>)
    /// with <paramref name="model"/> and reports each network (by name), each fusion present in the model
    /// (<see cref="FeatureFusion"/>, <see cref="ScoreFusion"/>) and the shallow baseline when the model has it
    /// (<see cref="Baseline"/>), in that order. Rows whose label the model does not
    /// know are left out and counted in <c>skipped</c>.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="model">A model made by <see cref="SerPipelineTrainer"/> (fitted or loaded), or its network part.</param>
    /// <param name="data">Labelled data.</param>
    /// <param name="skipped">Rows left out because their label is not one of the model's classes.</param>
    /// <exception cref="ArgumentException">No row has a known label.</exception>
    public static IReadOnlyList<(string Name, MulticlassReport Report)> Evaluate(MLContext mlContext, ITransformer model, IDataView data, out int skipped)
        => Evaluate(mlContext, model, data, out skipped, progress: null);

    /// <summary>
    /// As <see cref="Evaluate(MLContext, ITransformer, IDataView, out int)"/>, reporting to <paramref name="progress"/>
    /// the number of rows scored so far after each row (scoring is where the time goes: every row is decoded and run
    /// through every network).
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="model">A model made by <see cref="SerPipelineTrainer"/> (fitted or loaded), or its network part.</param>
    /// <param name="data">Labelled data.</param>
    /// <param name="skipped">Rows left out because their label is not one of the model's classes.</param>
    /// <param name="progress">Receives the count of rows read so far, synchronously on the calling thread; may be null.</param>
    /// <exception cref="ArgumentException">No row has a known label.</exception>
    public static IReadOnlyList<(string Name, MulticlassReport Report)> Evaluate(MLContext mlContext, ITransformer model, IDataView data, out int skipped,
        IProgress<int>? progress)
    {
        ArgumentNullException.ThrowIfNull(model);
        var info = SerModelInfo.Read(model);
        // The model keys the text label itself; every prediction is its score column's arg max (what its predicted label holds).
        var scored = model.Transform(data);
        var schema = scored.Schema;
        var scoreColumns = info.Networks.Select(n => (Name: n, Column: schema[SerNetworkId.Parse(n).ScoreColumnName])).ToList();
        foreach (var (name, column) in new[] { (FeatureFusion, SerColumns.FeatureScore), (ScoreFusion, SerColumns.Score), (Baseline, SerColumns.BaselineScore) })
        {
            if (schema.GetColumnOrNull(column) is { } found)
                scoreColumns.Add((name, found));
        }

        var truth = new List<int>();
        var predictions = scoreColumns.Select(_ => new List<int>()).ToArray();
        var label = schema[SerColumns.Label];
        if (label.Type is not KeyDataViewType)
            throw new ArgumentException($"The model did not key the '{SerColumns.Label}' column; it was not made by SerPipelineTrainer.", nameof(model));
        skipped = 0;
        using (var cursor = scored.GetRowCursor(scoreColumns.Select(c => c.Column).Append(label)))
        {
            var getLabel = cursor.GetGetter<uint>(label);
            var scoreGetters = scoreColumns.Select(c => cursor.GetGetter<VBuffer<float>>(c.Column)).ToArray();
            uint key = 0;
            VBuffer<float> buffer = default;
            var rows = 0;
            while (cursor.MoveNext())
            {
                progress?.Report(++rows);
                getLabel(ref key);
                if (key == 0)
                {
                    skipped++;
                    continue;
                }

                truth.Add((int)key - 1);
                for (var i = 0; i < scoreGetters.Length; i++)
                {
                    scoreGetters[i](ref buffer);
                    predictions[i].Add(Fusion.ScoreFusionSearch.ArgMax(buffer.DenseValues().ToArray()));
                }
            }
        }

        if (truth.Count == 0)
            throw new ArgumentException($"No row has one of the model's labels ({string.Join(", ", info.Labels)}).", nameof(data));
        var names = scoreColumns.Select(c => c.Name).ToArray();
        return names.Select((name, i) => (name, MulticlassReport.Compute(truth, predictions[i], info.Labels))).ToArray();
    }
}
