namespace MlNetSer.Data;

/// <summary>Options of <see cref="SpeakerGroupKFold"/>.</summary>
public sealed class SpeakerGroupKFoldOptions
{
    /// <summary>Number of speaker groups, one test fold each. Default 5 (the paper's BAUM-1s protocol).</summary>
    public int Folds { get; set; } = 5;

    /// <summary>Share of each fold's training speakers held out for validation (0 for none). Default 0.2.</summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>Seed of the order in which equally large speakers are dealt to groups, and of the validation hold-out. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">The message names the bad option.</exception>
    public void Validate()
    {
        if (Folds < 2)
            throw new ArgumentException($"Folds must be at least 2 (got {Folds}).", nameof(Folds));
        ValidationHoldOut.CheckFraction(ValidationFraction);
    }
}
