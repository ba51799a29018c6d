namespace MlNetSer.Features;

/// <summary>
/// How successive log-Mel segments are stacked into clips for the 3D CNN (paper §2.2, Table 6).
/// </summary>
public sealed class MelClipOptions
{
    /// <summary>Segments per clip (default 4; the paper also uses 6, 8 and 10). Clips slide by one segment.</summary>
    public int Depth { get; set; } = 4;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate() => OptionGuard.AtLeast(Depth, 1, nameof(Depth));
}
