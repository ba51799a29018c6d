namespace MlNetSer.Evaluation.Plots;

/// <summary>What a <see cref="ReportPlot"/> shows.</summary>
public enum ReportPlotKind
{
    /// <summary>A confusion matrix (<see cref="ConfusionMatrixPlot"/>).</summary>
    Confusion,

    /// <summary>The networks' training curves (<see cref="TrainingCurvesPlot"/>).</summary>
    TrainingCurves,

    /// <summary>A score-fusion λ grid (<see cref="FusionWeightGridPlot"/>).</summary>
    FusionWeights,
}
