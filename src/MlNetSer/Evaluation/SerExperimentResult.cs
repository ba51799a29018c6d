using MlNetSer.Data;
using MlNetSer.Evaluation;
using MlNetSer.Pipeline;

namespace MlNetSer.Evaluation;

/// <summary>What <see cref="SerExperiment.Run(IReadOnlyList{SerManifestEntry}, SerExperimentOptions?, IProgress{SerExperimentProgress}?, CancellationToken)"/> returns.</summary>
/// <param name="Report">
/// Every fold's Table 7 rows and their mean ± sd (what <see cref="ExperimentReportWriter"/> writes); each fold also carries its
/// networks' training histories (<see cref="CombinationFold.Training"/>) and each score-level row every λ point searched on
/// validation (<see cref="CombinationRow.ValidationGrid"/>), which the report's plots show.
/// </param>
/// <param name="Folds">The protocol's folds, with the utterances (hence speakers) of each part.</param>
/// <param name="Files">The files written (report, results, confusion matrices, fold speakers, PNG plots, and the fold models with <see cref="SerExperimentOptions.SaveModels"/>); empty when no output folder was given.</param>
public sealed record SerExperimentResult(
    ExperimentReport Report,
    IReadOnlyList<ProtocolFold> Folds,
    IReadOnlyList<string> Files);
