namespace MlNetSer.Evaluation;

/// <summary>One row of the paper's Table 7.</summary>
/// <param name="Networks">The networks.</param>
/// <param name="Level">The level.</param>
/// <param name="Afew">Accuracy (%) on AFEW5.0.</param>
/// <param name="Baum">Accuracy (%) on BAUM-1s.</param>
public sealed record PaperAccuracy(IReadOnlyList<string> Networks, FusionLevel Level, double Afew, double Baum);
