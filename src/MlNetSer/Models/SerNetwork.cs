using TorchSharp;
using static TorchSharp.torch;

namespace MlNetSer.Models;

/// <summary>
/// Base of the paper's networks: a fixed chain of layers whose last layer is the linear
/// classification head. Subclasses register their parts (PyTorch-parity names such as
/// <c>features</c> and <c>classifier</c>, so state dicts line up) and call <see cref="Seal"/>.
/// </summary>
/// <remarks>
/// The forward pass runs the registered leaf modules in registration order. Keeping the network a
/// plain chain is what lets the ONNX exporter translate it layer by layer
/// and lets <see cref="Features"/> stop just before the head without a second code path.
/// </remarks>
public abstract class SerNetwork : nn.Module<Tensor, Tensor>, ISerNetwork
{
    private IReadOnlyList<NetworkLayer>? _layers;
    private readonly long[] _inputShape;

    /// <summary>Creates the (still empty) network.</summary>
    /// <param name="name">Architecture name (see <see cref="Name"/>).</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="featureSize">Width of the last hidden fully connected layer.</param>
    /// <param name="inputShape">Shape of one segment without the batch dimension.</param>
    protected SerNetwork(string name, int classes, int featureSize, IReadOnlyList<long> inputShape)
        : base(name)
    {
        Name = name;
        Classes = classes;
        FeatureSize = featureSize;
        _inputShape = inputShape.ToArray();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Classes { get; }

    /// <inheritdoc />
    public int FeatureSize { get; }

    /// <inheritdoc />
    public IReadOnlyList<long> InputShape => _inputShape;

    /// <summary>The leaf layers in execution order; the last one is the classification head.</summary>
    public IReadOnlyList<NetworkLayer> Layers =>
        _layers ?? throw new InvalidOperationException($"{Name}: Seal() was not called by the constructor.");

    /// <summary>
    /// The input normalisation layer when the network starts with one (the 2D and 3D networks), else null.
    /// Training sets its statistics from the training data (see <c>TrainerOptions.InputNormalization</c>).
    /// </summary>
    public InputNormalization? Normalization => Layers[0].Module as InputNormalization;

    /// <summary>Number of trainable scalars (what PyTorch's <c>sum(p.numel() for p in parameters())</c> gives).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>
    /// Freezes the layer chain once all parts are registered. Throws when the chain does not end in a
    /// linear head, since features and logits are defined relative to it.
    /// </summary>
    protected void Seal()
    {
        var leaves = new List<NetworkLayer>();
        CollectLeaves(this, prefix: "", leaves);
        if (leaves.Count < 2 || leaves[^1].Module is not TorchSharp.Modules.Linear)
        {
            throw new InvalidOperationException($"{Name}: the layer chain must end with a Linear classification head.");
        }

        _layers = leaves;
    }

    /// <inheritdoc />
    public Tensor Features(Tensor input)
    {
        CheckInput(input);
        using var scope = NewDisposeScope();
        return Run(input, Layers.Count - 1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor Logits(Tensor input) => forward(input);

    /// <summary>Logits and features from one pass (the features are the head's input).</summary>
    /// <param name="input">A batch of segments, <c>[N, ..InputShape]</c>.</param>
    public (Tensor Logits, Tensor Features) LogitsAndFeatures(Tensor input)
    {
        CheckInput(input);
        using var scope = NewDisposeScope();
        var features = Run(input, Layers.Count - 1);
        var logits = Layers[^1].Module.call(features);
        return (logits.MoveToOuterDisposeScope(), features.MoveToOuterDisposeScope());
    }

    /// <summary>Class logits <c>[N, Classes]</c>.</summary>
    /// <param name="input">A batch of segments, <c>[N, ..InputShape]</c>.</param>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);
        using var scope = NewDisposeScope();
        return Run(input, Layers.Count).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Registers the input normalisation of a log-Mel network as its first layer, <c>normalize</c>: one cell per
    /// channel and Mel band (the second-to-last dimension), pooled over the others.
    /// </summary>
    protected void RegisterInputNormalization()
    {
        var cells = _inputShape.Select((d, i) => i == 0 || i == _inputShape.Length - 2 ? d : 1L).ToArray();
        register_module("normalize", new InputNormalization(_inputShape, cells));
    }

    private Tensor Run(Tensor input, int layerCount)
    {
        var x = input;
        for (var i = 0; i < layerCount; i++)
        {
            x = Layers[i].Module.call(x);
        }

        // Without a layer the input itself would escape the caller's scope handling.
        return ReferenceEquals(x, input) ? input.alias() : x;
    }

    private void CheckInput(Tensor input)
    {
        var shape = input.shape;
        if (shape.Length != _inputShape.Length + 1 || !shape.AsSpan(1).SequenceEqual(_inputShape))
        {
            throw new ArgumentException(
                $"{Name} expects input [N, {string.Join(", ", _inputShape)}] but got [{string.Join(", ", shape)}].",
                nameof(input));
        }
    }

    private static void CollectLeaves(nn.Module module, string prefix, List<NetworkLayer> leaves)
    {
        foreach (var (name, child) in module.named_children())
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (child.children().Any() && child is not ILayerGroup)
            {
                CollectLeaves(child, path, leaves);
            }
            else if (child is nn.Module<Tensor, Tensor> layer)
            {
                leaves.Add(new NetworkLayer(path, layer));
            }
            else
            {
                throw new InvalidOperationException($"Layer '{path}' ({child.GetType().Name}) is not a tensor-to-tensor module.");
            }
        }
    }
}
