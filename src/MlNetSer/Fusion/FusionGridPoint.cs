namespace MlNetSer.Fusion;

/// <summary>One candidate of the score-fusion weight grid and how it did.</summary>
/// <param name="Weights">λ per network, in network order; they sum to 1.</param>
/// <param name="Accuracy">Accuracy of the fused scores with these weights.</param>
/// <param name="Uar">Unweighted average recall of the fused scores with these weights.</param>
/// <param name="LogLoss">Mean −ln of the true class's fused score (floored at <see cref="ScoreFusionSearch.ProbabilityFloor"/>).</param>
public sealed record FusionGridPoint(IReadOnlyList<double> Weights, double Accuracy, double Uar, double LogLoss = double.NaN);
