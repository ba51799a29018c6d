using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MlNetSer.Models;

namespace MlNetSer.Training;

/// <summary>
/// Identifies a run: the data (every segment value, label, speaker and utterance name of both sets), the
/// network (name, classes, input shape and its seeded initial weights), the options that shape the result
/// and the seed. A checkpoint whose fingerprint differs belongs to another run and is refused.
/// </summary>
/// <remarks>
/// Threads, device, checkpoint folder and evaluation batch size are left out: they do not change what is
/// being trained (a different thread count may still change the last bits of the floating-point results).
/// </remarks>
internal static class TrainingFingerprint
{
    private const string Version = "mlnetser-training-v1";

    public static string Compute(SerNetwork network, byte[] initialWeights, TrainerOptions options, SegmentDataset training, SegmentDataset? validation)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var description = string.Join('\n',
            Version,
            network.Name,
            network.Classes.ToString(CultureInfo.InvariantCulture),
            string.Join(',', network.InputShape),
            options.Epochs.ToString(CultureInfo.InvariantCulture),
            options.BatchSize.ToString(CultureInfo.InvariantCulture),
            options.LearningRate.ToString("R", CultureInfo.InvariantCulture),
            options.Optimizer.ToString(),
            options.Momentum.ToString("R", CultureInfo.InvariantCulture),
            options.Patience.ToString(CultureInfo.InvariantCulture),
            options.EarlyStoppingMetric.ToString(),
            options.Seed.ToString(CultureInfo.InvariantCulture));
        // Appended only when on, so that the checkpoints of runs without it keep their fingerprints.
        if (options.WeightAverageHalfLife > 0)
            description += "\nweight-average " + options.WeightAverageHalfLife.ToString("R", CultureInfo.InvariantCulture);
        hash.AppendData(Encoding.UTF8.GetBytes(description));
        hash.AppendData(initialWeights);
        hash.AppendData("\ntraining\n"u8);
        training.AppendTo(hash);
        hash.AppendData("\nvalidation\n"u8);
        validation?.AppendTo(hash);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
