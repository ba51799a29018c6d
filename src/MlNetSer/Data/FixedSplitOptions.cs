namespace MlNetSer.Data;

/// <summary>Options of <see cref="FixedSplit"/>.</summary>
public sealed class FixedSplitOptions
{
    /// <summary>
    /// Share of the training speakers held out for validation when the manifest marks no
    /// <c>validation</c> rows (0 for none). Default 0.2.
    /// </summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>Seed of the validation hold-out. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">The message names the bad option.</exception>
    public void Validate() => ValidationHoldOut.CheckFraction(ValidationFraction);
}
