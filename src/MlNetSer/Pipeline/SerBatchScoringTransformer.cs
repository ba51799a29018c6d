using System.Collections;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.IO;

namespace MlNetSer.Pipeline;

/// <summary>
/// A fused model (made by <see cref="SerPipelineTrainer"/>, fitted or loaded) that scores its networks on the segments
/// of many utterances per ONNX Runtime run instead of one utterance per run, with the same output columns and values.
/// <c>ApplyOnnxModel</c> maps one row at a time, so each run of a network holds one utterance's few segments and reads
/// the network's weights from memory again (AlexNet's fully connected layers alone are 218 MB); packed runs read them
/// once per <see cref="SerBatchScoringOptions.BatchSegments"/> segments.
/// </summary>
/// <remarks>
/// <para>
/// <c>Transform</c> runs the model's front end (audio, tensors) and the parts after the networks (baseline, fusions)
/// as the model does, and the networks through a data view that reads rows ahead: a cursor over it holds copies of the
/// active columns of up to <see cref="SerBatchScoringOptions.MaxUtterances"/> rows and computes no front-end rows beyond
/// them (so its memory does not grow with the number of rows). Each network has an ONNX Runtime session of its own
/// beside the one the model holds (memory for the weights twice). A row-to-row mapper (what a <c>PredictionEngine</c>
/// uses, one row at a time) is the model's own.
/// </para>
/// <para>
/// It saves as the model it wraps (<c>mlContext.Model.Save</c> writes the same zip), and enumerates the model's parts,
/// so <see cref="SerModelInfo.Read"/> and the inspectors read it as they read the model.
/// </para>
/// </remarks>
public sealed class SerBatchScoringTransformer : ITransformer, IEnumerable<ITransformer>, IDisposable
{
    private readonly ITransformer _model;
    private readonly TransformerChain<ITransformer> _frontEnd;
    private readonly TransformerChain<ITransformer> _networksChain;
    private readonly TransformerChain<ITransformer> _rest;
    private readonly NetworkBatchRunner[] _networks;

    private SerBatchScoringTransformer(ITransformer model, IReadOnlyDictionary<string, byte[]> networkOnnx, SerBatchScoringOptions options)
    {
        var parts = SerModelParts.Split(model);
        _model = model;
        Options = options;
        _frontEnd = new TransformerChain<ITransformer>([.. parts.FrontEnd]);
        _networksChain = new TransformerChain<ITransformer>([.. parts.Networks.Select(n => n.Element)]);
        _rest = new TransformerChain<ITransformer>([.. parts.Rest]);
        var runners = new List<NetworkBatchRunner>();
        try
        {
            foreach (var network in parts.Networks)
            {
                if (!networkOnnx.TryGetValue(network.Name, out var onnx))
                    throw new ArgumentException($"No ONNX model given for network '{network.Name}'.", nameof(networkOnnx));
                runners.Add(new NetworkBatchRunner(network.Info, onnx, options));
            }
        }
        catch
        {
            foreach (var runner in runners)
                runner.Dispose();
            throw;
        }

        _networks = [.. runners];
    }

    /// <summary>The options in use.</summary>
    public SerBatchScoringOptions Options { get; }

    /// <summary>The model this scores for.</summary>
    public ITransformer Model => _model;

    /// <summary>
    /// Wraps <paramref name="model"/>; <paramref name="networkOnnx"/> holds its networks' ONNX models by name (<c>1d</c>,
    /// <c>2d</c>, <c>3d</c>), e.g. from <see cref="SerModelOnnx.ReadNetworks"/> or <see cref="Transforms.SerNetworkTransformer.GetOnnxModel"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A network of the model has no ONNX model, or an option is invalid.</exception>
    /// <exception cref="InvalidOperationException">The model is not a fused model made by <see cref="SerPipelineTrainer"/>.</exception>
    public static SerBatchScoringTransformer Create(ITransformer model, IReadOnlyDictionary<string, byte[]> networkOnnx, SerBatchScoringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(networkOnnx);
        options ??= new SerBatchScoringOptions();
        options.Validate();
        return new SerBatchScoringTransformer(model, networkOnnx, options);
    }

    /// <summary>
    /// Loads a model zip with <see cref="SerModelFile.Load(MLContext, string, out DataViewSchema)"/> (checksums checked) and wraps
    /// it, reading the networks' ONNX models from the same zip. Without <paramref name="options"/>, the networks run on the
    /// device <paramref name="mlContext"/> gives ONNX transforms (<c>GpuDeviceId</c>, <c>FallbackToCpu</c>), as the model's own do.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a usable model zip.</exception>
    /// <exception cref="InvalidOperationException">The model is not a fused model made by <see cref="SerPipelineTrainer"/>.</exception>
    public static SerBatchScoringTransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema, SerBatchScoringOptions? options = null)
    {
        var model = SerModelFile.Load(mlContext, path, out inputSchema);
        options ??= SerBatchScoringOptions.OnDeviceOf(mlContext);
        return Create(model, SerModelOnnx.ReadNetworks(path, model), options);
    }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => _model.IsRowToRowMapper;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _model.GetOutputSchema(inputSchema);

    /// <summary>The model's own row-to-row mapper: one row at a time there is nothing to pack.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _model.GetRowToRowMapper(inputSchema);

    /// <summary>The model's output for <paramref name="input"/>, its networks scored on packed segments.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var features = _frontEnd.Transform(input);
        // The column types the model's own network chains give their outputs (the rest of the model was fitted on them).
        var schema = _networksChain.GetOutputSchema(features.Schema);
        var outputs = _networks.Select(n => (schema[n.Info.ScoreColumnName], schema[n.Info.FeaturesColumnName])).ToArray();
        return _rest.Transform(new BatchScoredDataView(features, _networks, outputs, Options));
    }

    /// <summary>Saves the wrapped model (ML.NET calls this from <c>mlContext.Model.Save</c>).</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)_model).Save(ctx);

    /// <inheritdoc/>
    public IEnumerator<ITransformer> GetEnumerator()
        => (_model is IEnumerable<ITransformer> parts ? parts : [_model]).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Releases the networks' ONNX Runtime sessions (not the wrapped model's).</summary>
    public void Dispose()
    {
        foreach (var network in _networks)
            network.Dispose();
    }
}
