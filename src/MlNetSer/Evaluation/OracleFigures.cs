using MlNetSer.Metrics;
namespace MlNetSer.Evaluation;

/// <summary>
/// The ORACLE score-fusion figures: λ searched on the test data itself, as the paper did. Reported
/// beside the honest figure (λ from validation) only for comparison with the paper; never a result.
/// </summary>
/// <param name="Weights">The λ that is best on the test data.</param>
/// <param name="Report">The test report with those weights.</param>
public sealed record OracleFigures(IReadOnlyList<double> Weights, MulticlassReport Report);
