using MlNetSer.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetSer.Training;

/// <summary>
/// Scores a validation set the way the paper classifies: the utterance score is the mean of its segments'
/// softmax outputs and its argmax is the prediction. Also gives the mean segment cross-entropy, which
/// breaks ties between epochs of equal accuracy.
/// </summary>
internal static class ValidationEvaluator
{
    public static (double Accuracy, double Loss) Evaluate(SerNetwork network, SegmentDataset data, Device device, int batchSize)
    {
        network.eval();
        using var noGrad = no_grad();
        var classes = network.Classes;
        var utteranceScores = new double[data.Utterances.Count * classes];
        var lossSum = 0.0;
        var segmentShape = data.SegmentShape.ToArray();
        for (var start = 0; start < data.SegmentCount; start += batchSize)
        {
            var count = Math.Min(batchSize, data.SegmentCount - start);
            var values = new float[count * data.SegmentSize];
            var labels = new long[count];
            for (var i = 0; i < count; i++)
                labels[i] = data.CopySegment(start + i, values.AsSpan(i * data.SegmentSize));

            using var scope = NewDisposeScope();
            var input = tensor(values, [count, .. segmentShape]).to(device);
            var target = tensor(labels).to(device);
            var logProbabilities = nn.functional.log_softmax(network.forward(input), 1);
            lossSum += nn.functional.nll_loss(logProbabilities, target, reduction: nn.Reduction.Sum).cpu().item<float>();
            var probabilities = logProbabilities.exp().cpu().data<float>().ToArray();
            for (var i = 0; i < count; i++)
            {
                var utterance = data.UtteranceOf(start + i);
                for (var c = 0; c < classes; c++)
                    utteranceScores[utterance * classes + c] += probabilities[i * classes + c];
            }
        }

        var correct = 0;
        for (var u = 0; u < data.Utterances.Count; u++)
        {
            var scores = utteranceScores.AsSpan(u * classes, classes);
            var predicted = 0;
            for (var c = 1; c < classes; c++)
            {
                if (scores[c] > scores[predicted])
                    predicted = c;
            }

            if (predicted == data.Utterances[u].Label)
                correct++;
        }

        return ((double)correct / data.Utterances.Count, lossSum / data.SegmentCount);
    }
}
