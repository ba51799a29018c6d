using Microsoft.ML.Data;

namespace MlNetSer.Transforms;

/// <summary>
/// Row types shared by the segmenting mappings: options JSON and a Single vector in, a flattened
/// segment tensor out. The internal names are part of the saved contracts: do not rename them.
/// </summary>
internal static class SegmentRows
{
    public const string InputColumn = "__MlNetSer.Segments.Input";
    public const string OutputColumn = "__MlNetSer.Segments.Output";

    public sealed class Input
    {
        [ColumnName(CarriedOptions.OptionsColumn)]
        public string Options { get; set; } = "";

        [ColumnName(InputColumn)]
        public float[] Values { get; set; } = [];
    }

    public sealed class Output
    {
        [ColumnName(OutputColumn)]
        public float[] Values { get; set; } = [];
    }

    /// <summary>The input and output pairs of a one-column-in, one-column-out segmenting transform.</summary>
    public static (ColumnPair[] Inputs, ColumnPair[] Outputs) Columns(string inputColumnName, string outputColumnName)
        => ([new ColumnPair(InputColumn, inputColumnName)], [new ColumnPair(OutputColumn, outputColumnName)]);
}
