using MlNetSer.Onnx;
using Onnx;

namespace MlNetSer.Export;

/// <summary>
/// Copies one ONNX model's graph into a graph under construction: its inputs are bound to tensors of the target, every
/// other tensor and node gets a fresh name under a prefix, and only the nodes that the wanted outputs need are kept. The
/// fused model is built from the networks' own ONNX models this way, so it runs exactly the graphs the pipeline runs.
/// </summary>
internal static class OnnxGraphInliner
{
    /// <summary>Inlines <paramref name="model"/>; returns the target's name of each wanted output.</summary>
    /// <param name="target">The graph under construction.</param>
    /// <param name="model">The model to copy (its opsets other than the default domain are added to the target's).</param>
    /// <param name="prefix">Prefix of the copied names, e.g. <c>1d/</c>.</param>
    /// <param name="inputs">Target tensor for each graph input of <paramref name="model"/> that the wanted outputs need.</param>
    /// <param name="outputs">The outputs of <paramref name="model"/> to keep.</param>
    /// <exception cref="InvalidOperationException">An output does not exist, a needed input is not bound, or a node holds a subgraph.</exception>
    public static IReadOnlyDictionary<string, string> Inline(OnnxGraphBuilder target, ModelProto model, string prefix,
        IReadOnlyDictionary<string, string> inputs, IReadOnlyList<string> outputs)
    {
        var graph = model.Graph;
        foreach (var opset in model.OpsetImport.Where(o => o.Domain is not ("" or "ai.onnx")))
        {
            target.ExtraOpsets[opset.Domain] = Math.Max(target.ExtraOpsets.GetValueOrDefault(opset.Domain), opset.Version);
        }

        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output)
                producers[output] = node;
        }

        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var graphInputs = graph.Input.Select(i => i.Name).Where(n => !initializers.ContainsKey(n)).ToHashSet(StringComparer.Ordinal);
        var needed = Needed(outputs, producers, graphInputs, initializers.Keys);

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in graphInputs.Where(needed.Tensors.Contains))
        {
            names[input] = inputs.TryGetValue(input, out var bound)
                ? bound
                : throw new InvalidOperationException($"Inlining '{graph.Name}': input '{input}' is needed but not bound.");
        }

        foreach (var initializer in graph.Initializer.Where(t => needed.Tensors.Contains(t.Name)))
        {
            var copy = initializer.Clone();
            copy.Name = target.Unique(prefix + initializer.Name);
            target.Graph.Initializer.Add(copy);
            names[initializer.Name] = copy.Name;
        }

        // Nodes in their original (topological) order.
        foreach (var node in graph.Node.Where(needed.Nodes.Contains))
        {
            if (node.Attribute.Any(a => a.G is not null || a.Graphs.Count > 0))
                throw new InvalidOperationException($"Inlining '{graph.Name}': node '{node.Name}' ({node.OpType}) holds a subgraph.");
            var copy = node.Clone();
            copy.Name = target.Unique(prefix + node.Name);
            copy.Input.Clear();
            copy.Input.AddRange(node.Input.Select(i => i.Length == 0 ? i : names[i]));
            copy.Output.Clear();
            foreach (var output in node.Output)
            {
                var renamed = output.Length == 0 ? output : target.Unique(prefix + output);
                if (output.Length > 0)
                    names[output] = renamed;
                copy.Output.Add(renamed);
            }

            target.Graph.Node.Add(copy);
        }

        return outputs.ToDictionary(o => o, o => names[o], StringComparer.Ordinal);
    }

    // The nodes and tensors the outputs depend on, walking back from them.
    private static (HashSet<NodeProto> Nodes, HashSet<string> Tensors) Needed(IReadOnlyList<string> outputs,
        Dictionary<string, NodeProto> producers, HashSet<string> graphInputs, IEnumerable<string> initializers)
    {
        var known = initializers.ToHashSet(StringComparer.Ordinal);
        var nodes = new HashSet<NodeProto>();
        var tensors = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(outputs);
        foreach (var output in outputs)
        {
            if (!producers.ContainsKey(output) && !graphInputs.Contains(output) && !known.Contains(output))
                throw new InvalidOperationException($"The graph has no tensor '{output}'.");
        }

        while (pending.TryPop(out var tensor))
        {
            if (tensor.Length == 0 || !tensors.Add(tensor))
                continue;
            if (producers.TryGetValue(tensor, out var node) && nodes.Add(node))
            {
                foreach (var input in node.Input)
                    pending.Push(input);
            }
        }

        return (nodes, tensors);
    }
}
