namespace MlNetSer.Evaluation;

/// <summary>One class row of the paper's Table 8 or 9.</summary>
/// <param name="Emotion">The paper's class name.</param>
/// <param name="Recall">Recall (%).</param>
/// <param name="F1">F1 (%).</param>
public sealed record PaperClassFigures(string Emotion, double Recall, double F1);
