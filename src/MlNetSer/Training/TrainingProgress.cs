namespace MlNetSer.Training;

/// <summary>A progress report of <see cref="SegmentTrainer"/>, delivered synchronously on the training thread.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Epoch">The current epoch, 1-based.</param>
/// <param name="Epochs">The maximum number of epochs.</param>
/// <param name="Batch">Mini-batches done in this epoch (equals <paramref name="BatchesPerEpoch"/> after an epoch).</param>
/// <param name="BatchesPerEpoch">Mini-batches per epoch.</param>
/// <param name="Loss">Batch loss (<see cref="TrainingProgressKind.Batch"/>) or the epoch's mean training loss.</param>
/// <param name="ValidationAccuracy">Utterance-level validation accuracy of the epoch, when known.</param>
/// <param name="ValidationLoss">Mean segment cross-entropy on the validation set, when known.</param>
/// <param name="BestEpoch">The best epoch so far (1-based; 0 before the first).</param>
/// <param name="Elapsed">Training time so far, including epochs run before a resume.</param>
/// <param name="Eta">Estimated time to the last epoch (early stopping may end sooner).</param>
public sealed record TrainingProgress(
    TrainingProgressKind Kind,
    int Epoch,
    int Epochs,
    int Batch,
    int BatchesPerEpoch,
    double Loss,
    double? ValidationAccuracy,
    double? ValidationLoss,
    int BestEpoch,
    TimeSpan Elapsed,
    TimeSpan Eta);
