using MlNetSer.Pipeline;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Metrics;

namespace MlNetSer.Evaluation;

/// <summary>
/// Every utterance's network scores as CSV (<c>fold,part,speaker,label,network,&lt;one column per class&gt;</c>), so that a
/// researcher can redo the fusions or study the errors without training again. Written by an experiment as
/// <see cref="FileName"/> for the fusion data and the test data of every fold.
/// </summary>
public static class UtteranceScoresCsv
{
    /// <summary>The file an experiment writes beside its report.</summary>
    public const string FileName = "scores.csv";

    /// <summary>The header line for <paramref name="classNames"/>.</summary>
    /// <param name="classNames">Class names in score order.</param>
    public static string Header(IReadOnlyList<string> classNames)
        => "fold,part,speaker,label,network," + string.Join(",", classNames.Select(Field)) + "\n";

    /// <summary>
    /// The rows of one scored view: per utterance with a label, one line per network in <paramref name="networks"/> (its
    /// <c>ScoreXd</c> column), in row order.
    /// </summary>
    /// <param name="fold">The fold's name.</param>
    /// <param name="part">Which data: <c>fusion</c> or <c>test</c>.</param>
    /// <param name="scored">A view with a key-typed <see cref="SerColumns.Label"/>, a text <c>Speaker</c> and the networks' score columns.</param>
    /// <param name="networks">The networks to write.</param>
    public static string Rows(string fold, string part, IDataView scored, IReadOnlyList<string> networks)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(networks);
        var classNames = MulticlassReport.ClassNamesOf(scored.Schema, SerColumns.Label);
        var label = scored.Schema[SerColumns.Label];
        var speaker = scored.Schema.GetColumnOrNull(Pipeline.SerColumns.Speaker);
        var columns = networks.Select(n => scored.Schema[SerNetworkId.Parse(n).ScoreColumnName]).ToArray();
        var active = columns.Append(label);
        if (speaker is { } s)
            active = active.Append(s);
        using var cursor = scored.GetRowCursor(active);
        var getLabel = cursor.GetGetter<uint>(label);
        var getSpeaker = speaker is { } column ? cursor.GetGetter<ReadOnlyMemory<char>>(column) : null;
        var getters = columns.Select(c => cursor.GetGetter<VBuffer<float>>(c)).ToArray();
        var csv = new StringBuilder();
        uint key = 0;
        var name = default(ReadOnlyMemory<char>);
        var buffer = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            getLabel(ref key);
            if (key == 0)
                continue;
            getSpeaker?.Invoke(ref name);
            var prefix = $"{Field(fold)},{part},{Field(name.ToString())},{Field(classNames[(int)key - 1])}";
            for (var n = 0; n < getters.Length; n++)
            {
                getters[n](ref buffer);
                csv.Append(prefix).Append(',').Append(networks[n]);
                foreach (var value in buffer.DenseValues())
                    csv.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
                csv.Append('\n');
            }
        }

        return csv.ToString();
    }

    private static string Field(string value)
        => value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
