using static TorchSharp.torch;

namespace MlNetSer.Models;

/// <summary>
/// What every emotion network of the paper offers: segment logits, the last hidden fully connected
/// layer as a feature vector (for feature-level fusion) and a description of the input it expects.
/// </summary>
public interface ISerNetwork
{
    /// <summary>Short stable name of the architecture (e.g. <c>cnn1d</c>), written into exported models.</summary>
    string Name { get; }

    /// <summary>Number of emotion classes (size of the logits).</summary>
    int Classes { get; }

    /// <summary>Size of the last hidden fully connected layer that <see cref="Features"/> returns.</summary>
    int FeatureSize { get; }

    /// <summary>Shape of one segment, without the leading batch dimension (e.g. <c>[1, 625]</c>).</summary>
    IReadOnlyList<long> InputShape { get; }

    /// <summary>Activations of the last hidden fully connected layer (after its ReLU): <c>[N, FeatureSize]</c>.</summary>
    /// <param name="input">A batch of segments, <c>[N, ..InputShape]</c>.</param>
    Tensor Features(Tensor input);

    /// <summary>Class logits (before softmax): <c>[N, Classes]</c>.</summary>
    /// <param name="input">A batch of segments, <c>[N, ..InputShape]</c>.</param>
    Tensor Logits(Tensor input);
}
