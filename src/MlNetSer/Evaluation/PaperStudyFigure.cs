namespace MlNetSer.Evaluation;

/// <summary>One row of the paper's Table 4, 5 or 6, quoted from the paper.</summary>
/// <param name="Value">The studied value as MlNetSer names it (<c>625</c>, <c>alexnet</c>, <c>4</c>).</param>
/// <param name="Architecture">What the paper prints beside it (convolutions, backbone, first filter).</param>
/// <param name="Afew">Accuracy (%) on AFEW5.0.</param>
/// <param name="Baum">Accuracy (%) on BAUM-1s.</param>
public sealed record PaperStudyFigure(string Value, string Architecture, double Afew, double Baum);
