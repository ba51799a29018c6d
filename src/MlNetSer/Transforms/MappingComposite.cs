using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSer.Transforms;

/// <summary>A user column and the fixed internal name a mapping row type reads or writes it under.</summary>
/// <param name="Internal">The name in the mapping's row type (a <c>[ColumnName]</c> attribute).</param>
/// <param name="User">The user's column name; null for an internal output nobody asked for.</param>
/// <param name="ConvertToSingle">Convert a numeric input to Single instead of copying it.</param>
internal sealed record ColumnPair(string Internal, string? User, bool ConvertToSingle = false);

/// <summary>Builds the chain every MlNetSer transform fits to (see <see cref="SerEstimatorBase"/>).</summary>
internal static class MappingComposite
{
    /// <summary>
    /// Appends: options column, inputs copied to internal names, the mapping, outputs copied to the
    /// user's names, and the drop of every temporary column.
    /// </summary>
    public static EstimatorChain<ITransformer> AppendMapping<TSrc, TDst, TOptions>(
        this EstimatorChain<ITransformer> chain, MLContext mlContext, TOptions options,
        IReadOnlyList<ColumnPair> inputs, Action<TSrc, TDst> map, string contractName, IReadOnlyList<ColumnPair> outputs)
        where TSrc : class, new()
        where TDst : class, new()
    {
        chain = chain.AppendOptions(mlContext, contractName, options);
        foreach (var input in inputs)
        {
            chain = chain.Append<ITransformer>(input.ConvertToSingle
                ? mlContext.Transforms.Conversion.ConvertType(input.Internal, input.User, DataKind.Single)
                : mlContext.Transforms.CopyColumns(input.Internal, input.User));
        }

        chain = chain.Append<ITransformer>(mlContext.Transforms.CustomMapping(map, contractName));
        foreach (var output in outputs.Where(o => o.User is not null))
            chain = chain.Append<ITransformer>(mlContext.Transforms.CopyColumns(output.User, output.Internal));

        string[] temporaries =
        [
            CarriedOptions.KeyColumn, CarriedOptions.OptionsColumn,
            .. inputs.Select(i => i.Internal), .. outputs.Select(o => o.Internal),
        ];
        return chain.Append<ITransformer>(mlContext.Transforms.DropColumns(temporaries));
    }
}
