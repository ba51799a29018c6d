namespace MlNetSer.Training;

/// <summary>What a <see cref="TrainingProgress"/> report marks.</summary>
public enum TrainingProgressKind
{
    /// <summary>Training resumed from a checkpoint; <see cref="TrainingProgress.Epoch"/> is the last completed epoch.</summary>
    Resumed,

    /// <summary>A mini-batch was trained; <see cref="TrainingProgress.Loss"/> is its loss.</summary>
    Batch,

    /// <summary>An epoch ended (validated and checkpointed); <see cref="TrainingProgress.Loss"/> is its mean training loss.</summary>
    Epoch,

    /// <summary>Training ended (all epochs, or early stopping); the best epoch's weights are in the network.</summary>
    Completed,
}
