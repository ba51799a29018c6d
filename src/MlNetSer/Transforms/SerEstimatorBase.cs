using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSer.Transforms;

/// <summary>
/// Base of the MlNetSer estimators (<see cref="SerLoadAudioEstimator"/>, <see cref="SerMelSegmentsEstimator"/>, …).
/// </summary>
/// <remarks>
/// ML.NET keeps the API for writing a transformer's own state into a model zip internal, so each
/// estimator fits to a <see cref="TransformerChain{TLastTransformer}"/> of built-in transformers: a
/// constant key column, <c>MapValue</c> from that key to the options as JSON (the zip stores the
/// JSON), <c>CopyColumns</c> of the inputs to fixed internal names, a stateless <c>CustomMapping</c>
/// with a versioned contract name (the zip records it with the MlNetSer assembly name, which
/// <c>Model.Load</c> loads by itself), <c>CopyColumns</c> to the output names and <c>DropColumns</c> of
/// the temporaries. The saved model is therefore a plain chain that loads in any process with no
/// registration call.
/// </remarks>
public abstract class SerEstimatorBase : IEstimator<TransformerChain<ITransformer>>
{
    private protected SerEstimatorBase()
    {
    }

    /// <summary>Checks the input columns and returns the fitted chain (no pass over the data is needed).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or has the wrong type; the message names it.</exception>
    public TransformerChain<ITransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInputs(new InputColumns(input.Schema));
        var fitted = AppendTo(new EstimatorChain<ITransformer>(), new MLContext()).Fit(input);
        return new TransformerChain<ITransformer>(fitted.ToArray());
    }

    /// <summary>The schema after this estimator: the input columns plus the output columns (variable-length Single vectors).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or has the wrong type; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckInputs(new InputColumns(inputSchema));
        return AppendTo(new EstimatorChain<ITransformer>(), new MLContext()).GetOutputSchema(inputSchema);
    }

    /// <summary>Throws a clear error when a required input column is missing or mistyped.</summary>
    private protected abstract void CheckInputs(InputColumns inputs);

    /// <summary>Appends the built-in estimators that make up this transform.</summary>
    internal abstract EstimatorChain<ITransformer> AppendTo(EstimatorChain<ITransformer> chain, MLContext mlContext);
}
