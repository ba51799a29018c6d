using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSer.Tests.Transforms;

/// <summary>Builds data views for the transform tests.</summary>
internal static class TransformTestData
{
    public static IDataView Paths(MLContext mlContext, params string[] paths)
        => mlContext.Data.LoadFromEnumerable(paths.Select(p => new PathRow { Path = p }));

    public static IDataView Samples(MLContext mlContext, params float[][] samples)
        => mlContext.Data.LoadFromEnumerable(samples.Select(s => new SamplesRow { Samples = s }));

    public static float[][] Column(IDataView data, string name) => data.GetColumn<float[]>(name).ToArray();

    /// <summary>
    /// The SchemaShape of a <typeparamref name="TRow"/> row: ML.NET keeps SchemaShape.Create internal, so an
    /// input-less CustomMapping adds the columns to an empty shape.
    /// </summary>
    public static SchemaShape Shape<TRow>(MLContext mlContext) where TRow : class, new()
        => mlContext.Transforms.CustomMapping<NoColumns, TRow>((_, _) => { }, contractName: null)
            .GetOutputSchema(new SchemaShape([]));

    public sealed class NoColumns
    {
    }

    public sealed class PathRow
    {
        public string Path { get; set; } = "";
    }

    public sealed class SamplesRow
    {
        public float[] Samples { get; set; } = [];
    }
}
