using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlNetSer.Fusion;

/// <summary>
/// The stateless mapping from a fused score vector to the index of its largest entry, as a Single
/// (a scalar keeps its type after <c>Model.Load</c>; a built-in <c>MapValueToKey</c> then makes it a key).
/// </summary>
internal static class ArgMaxMapping
{
    public const string ContractName = "MlNetSer.ScoreFusion.ArgMax.v1";
    public const string IndexColumn = "MlNetSer_ScoreFusion_index";

    public static void Map(Input input, Output output) => output.Index = ScoreFusionSearch.ArgMax(input.Score);

    /// <summary>The fused score.</summary>
    public sealed class Input
    {
        [ColumnName(ScoreFusionOnnx.OutputName)]
        public float[] Score { get; set; } = [];
    }

    /// <summary>The winning class index.</summary>
    public sealed class Output
    {
        [ColumnName(IndexColumn)]
        public float Index { get; set; }
    }

    [CustomMappingFactoryAttribute(ContractName)]
    private sealed class Factory : CustomMappingFactory<Input, Output>
    {
        public override Action<Input, Output> GetMapping() => Map;
    }
}
