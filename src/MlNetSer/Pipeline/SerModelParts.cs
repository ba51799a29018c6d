using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using MlNetSer.Transforms;

namespace MlNetSer.Pipeline;

/// <summary>
/// A fused model (made by <see cref="SerPipelineTrainer"/>, fitted or loaded) cut at its networks: the front end before
/// the first network (audio, input tensors, log-Mel statistics), each network's scoring chain with its record, and the
/// parts after the last network (tensor drop, baseline, fusions). Scoring code that times or replaces one part reads the
/// model through this instead of counting its elements.
/// </summary>
internal sealed class SerModelParts
{
    private SerModelParts(IReadOnlyList<ITransformer> frontEnd, IReadOnlyList<NetworkPart> networks, IReadOnlyList<ITransformer> rest)
    {
        FrontEnd = frontEnd;
        Networks = networks;
        Rest = rest;
    }

    /// <summary>The top-level elements before the first network.</summary>
    public IReadOnlyList<ITransformer> FrontEnd { get; }

    /// <summary>The networks in pipeline order.</summary>
    public IReadOnlyList<NetworkPart> Networks { get; }

    /// <summary>The top-level elements after the last network.</summary>
    public IReadOnlyList<ITransformer> Rest { get; }

    /// <summary>
    /// Cuts <paramref name="model"/>, a chain whose networks are elements of it or of chains nested in it (what
    /// <see cref="SerPipelineTrainer"/> builds and <c>Model.Load</c> returns): nested chains that hold networks are read as
    /// their elements, so the front end, the networks and the rest are each a flat sequence.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is not such a chain, has no network, or has something between two networks.</exception>
    public static SerModelParts Split(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is not IEnumerable<ITransformer> chain)
            throw new InvalidOperationException("The model is not a transformer chain made by SerPipelineTrainer.");
        var elements = new List<(int[] Path, ITransformer Element, SerNetworkInfo? Network)>();
        var i = 0;
        foreach (var element in chain)
            Flatten(element, [i++], elements);

        var networks = elements.Select((e, position) => (e, position)).Where(p => p.e.Network is not null).ToArray();
        if (networks.Length == 0)
            throw new InvalidOperationException("The model contains no MlNetSer network transform (it was not made by SerPipelineTrainer or SerNetwork).");
        var first = networks[0].position;
        var last = networks[^1].position;
        if (last - first != networks.Length - 1)
            throw new InvalidOperationException("The model has other transforms between its networks.");
        return new SerModelParts(
            elements[..first].Select(e => e.Element).ToArray(),
            networks.Select(n => new NetworkPart(n.e.Path, n.e.Element, n.e.Network!)).ToArray(),
            elements[(last + 1)..].Select(e => e.Element).ToArray());
    }

    // A network's scoring chain is kept whole; any other chain that holds a network is opened.
    private static void Flatten(ITransformer element, int[] path, List<(int[] Path, ITransformer Element, SerNetworkInfo? Network)> into)
    {
        var found = SerModelInspector.FindTransforms(element).Where(t => t.Contract == SerNetworkEstimator.ContractName).ToArray();
        if (found.Length == 0)
        {
            into.Add((path, element, null));
            return;
        }

        var parts = ((IEnumerable<ITransformer>)element).ToArray();
        if (found.Length == 1 && parts.Any(p => p is OnnxTransformer))
        {
            into.Add((path, element, CarriedOptions.Parse<SerNetworkInfo>(found[0].OptionsJson, SerNetworkEstimator.ContractName)));
            return;
        }

        for (var i = 0; i < parts.Length; i++)
            Flatten(parts[i], [.. path, i], into);
    }

    /// <summary>
    /// The path of the network's own ONNX Runtime transformer (a direct element of its scoring chain; an aggregation
    /// other than the mean adds a second one inside a nested chain), as indices from the model's top level through nested
    /// chains: where <c>Model.Save</c> writes its ONNX bytes (<see cref="OnnxEntryName"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The network's element holds no or several ONNX transformers of its own.</exception>
    public static IReadOnlyList<int> OnnxPathOf(NetworkPart network)
    {
        var own = network.Element is IEnumerable<ITransformer> parts
            ? parts.Select((p, i) => (p, i)).Where(x => x.p is OnnxTransformer).Select(x => x.i).ToArray()
            : [];
        return own.Length == 1
            ? [.. network.Path, own[0]]
            : throw new InvalidOperationException($"The network '{network.Info.ScoreColumnName}' holds {own.Length} ONNX transformers of its own; expected one.");
    }

    /// <summary>
    /// The zip entry in which <c>mlContext.Model.Save</c> stores the ONNX model of the transformer at <paramref name="path"/>:
    /// the model under <c>TransformerChain</c>, each chain's element i under <c>Transform_{i:000}</c>, the bytes in
    /// <c>OnnxModel</c> (ML.NET's <c>TransformerChain</c> and <c>OnnxTransformer</c> save formats).
    /// </summary>
    public static string OnnxEntryName(IReadOnlyList<int> path)
        => string.Join('/', ["TransformerChain", .. path.Select(i => $"Transform_{i:000}"), "OnnxModel"]);

    /// <summary>One network of the model.</summary>
    /// <param name="Path">Its position in the model: an index per level of nested chains, from the top.</param>
    /// <param name="Element">Its scoring chain.</param>
    /// <param name="Info">Its record (labels, columns, shapes).</param>
    public sealed record NetworkPart(IReadOnlyList<int> Path, ITransformer Element, SerNetworkInfo Info)
    {
        /// <summary>The network's name, <c>1d</c>, <c>2d</c> or <c>3d</c> from its score column (other names whole).</summary>
        public string Name => SerModelInfo.NameOf(Info);
    }
}
