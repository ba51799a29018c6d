namespace MlNetSer.Fusion;

/// <summary>
/// What a fitted score fusion records in the model zip, read back by <see cref="FusionInspector"/>
/// (also from a model loaded with <c>Model.Load</c>).
/// </summary>
/// <param name="Networks">Network names in weight order.</param>
/// <param name="ScoreColumnNames">The score columns fused, in weight order.</param>
/// <param name="Weights">λ per network.</param>
/// <param name="Mode">How the weights were chosen; <see cref="ScoreFusionMode.Oracle"/> marks test-tuned weights.</param>
/// <param name="ClassNames">Class names in score-slot order (the label's key values).</param>
/// <param name="FitAccuracy">Accuracy of the chosen weights on the data <c>Fit</c> saw.</param>
/// <param name="FitUar">UAR of the chosen weights on the data <c>Fit</c> saw.</param>
/// <param name="FitCount">Number of utterances <c>Fit</c> saw.</param>
/// <param name="Criterion">What the search optimised (models saved before it was recorded searched by accuracy).</param>
/// <param name="FitLogLoss">Log-loss of the chosen weights on the data <c>Fit</c> saw (null in models saved before it was recorded).</param>
/// <param name="Temperatures">
/// Per network, the temperature its scores are scaled by before weighting (<see cref="ScoreCalibration"/>); null when the
/// scores are fused as they are (the paper's Eq. 1, and models saved before calibration existed).
/// </param>
/// <param name="WeightShrinkage">
/// The pull towards equal weights the log-loss search used (<see cref="ScoreFusionOptions.WeightShrinkage"/>; 0 for none,
/// for the accuracy criterion, and in models saved before it existed).
/// </param>
public sealed record ScoreFusionInfo(
    IReadOnlyList<string> Networks,
    IReadOnlyList<string> ScoreColumnNames,
    IReadOnlyList<double> Weights,
    ScoreFusionMode Mode,
    IReadOnlyList<string> ClassNames,
    double FitAccuracy,
    double FitUar,
    int FitCount,
    ScoreFusionCriterion Criterion = ScoreFusionCriterion.Accuracy,
    double? FitLogLoss = null,
    IReadOnlyList<double>? Temperatures = null,
    double WeightShrinkage = 0)
{
    /// <summary>True when the weights were tuned on the data they are reported on (label results "oracle").</summary>
    public bool IsOracle => Mode == ScoreFusionMode.Oracle;

    /// <summary>The temperature of network <paramref name="index"/> (1 when the scores are not calibrated).</summary>
    /// <param name="index">The network's position in <see cref="Networks"/>.</param>
    public double TemperatureOf(int index) => Temperatures is { } t ? t[index] : 1;
}
