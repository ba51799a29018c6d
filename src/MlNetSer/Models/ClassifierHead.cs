using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetSer.Models;

/// <summary>
/// The fully connected head of the 1D and 3D CNNs: dropout → FC → ReLU → dropout → FC → ReLU → FC C.
/// </summary>
/// <remarks>
/// The module names (<c>drop1</c>, <c>fc1</c>, <c>relu1</c>, <c>drop2</c>, <c>fc2</c>, <c>relu2</c>,
/// <c>fc3</c>) are part of checkpoints and exported ONNX models: do not rename them.
/// </remarks>
internal static class ClassifierHead
{
    /// <summary>The head from <paramref name="inputs"/> flattened features to <paramref name="classes"/> scores.</summary>
    public static Module<Tensor, Tensor> Create(long inputs, long hidden1, long hidden2, long classes, double dropout)
        => Sequential(
            ("drop1", Dropout(dropout)),
            ("fc1", Linear(inputs, hidden1)),
            ("relu1", ReLU()),
            ("drop2", Dropout(dropout)),
            ("fc2", Linear(hidden1, hidden2)),
            ("relu2", ReLU()),
            ("fc3", Linear(hidden2, classes)));
}
