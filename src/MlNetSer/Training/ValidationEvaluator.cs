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
        // Batches are assembled one ahead into two reused buffer sets: fresh arrays per batch (tens of MB each for clips)
        // would pile up as garbage in proportion to the validation set before the collector reclaims them.
        var plan = SegmentTrainer.BatchPlan(data.SegmentCount, batchSize, joinLastSingle: false);
        using var batches = new BatchPrefetcher(data, Enumerable.Range(0, data.SegmentCount).ToArray(), plan);
        for (var b = 0; b < plan.Count; b++)
        {
            var (start, count) = plan[b];
            var (values, labels) = batches.Take(b);
            using var scope = NewDisposeScope();
            var (input, target) = BatchPrefetcher.ToTensors((values, labels), segmentShape, device);
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
