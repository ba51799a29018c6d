namespace MlNetSer.Metrics;

/// <summary>Recall, precision and F1 of one class, with its number of true examples.</summary>
/// <param name="Name">The class name.</param>
/// <param name="Support">How many examples truly belong to the class.</param>
/// <param name="Recall">TP / (TP + FN); 0 when the class has no true examples.</param>
/// <param name="Precision">TP / (TP + FP); 0 when the class is never predicted (as scikit-learn's zero_division=0).</param>
/// <param name="F1">2PR / (P + R); 0 when P + R = 0.</param>
public sealed record ClassMetrics(string Name, int Support, double Recall, double Precision, double F1);
