using System.Globalization;
using MlNetSer.Data;
using MlNetSer.Evaluation;
using MlNetSer.Training;

namespace MlNetSer.Cli;

/// <summary>
/// Experiment progress on a <see cref="ProgressDisplay"/> (run <see cref="SerExperiment"/> inside its
/// <see cref="ProgressDisplay.Run{T}"/>): a bar over the folds and, per fold, one per network. On a plain display
/// the epochs stay quiet (five folds of three networks of up to 300 epochs): a line per fold stage and per trained network.
/// </summary>
internal sealed class FoldProgress(ProgressDisplay display) : IProgress<SerExperimentProgress>
{
    private readonly SegmentCacheProgress _store = new(display);
    private ProgressBar? _folds;
    private readonly Dictionary<string, ProgressBar> _networks = [];

    /// <inheritdoc/>
    public void Report(SerExperimentProgress value)
    {
        var fold = value.Fold;
        var prefix = $"fold {fold.Index + 1}/{value.FoldCount} ({fold.Name})";
        _folds ??= display.AddBar("folds", value.FoldCount, "folds");
        switch (value.Stage)
        {
            case SerExperimentStage.FoldStarted:
                _networks.Clear();
                display.Message($"{prefix}: training {fold.Training.Count} utterances of {Speakers(fold.Training)} speakers, validation {fold.Validation.Count} of {Speakers(fold.Validation)}, "
                    + $"test {fold.Test.Count} of {Speakers(fold.Test)}");
                break;
            case SerExperimentStage.CachingSegments when value.Store is { } store:
                _store.Report(store);
                break;
            case SerExperimentStage.Training when value.Training is { } training:
                var p = training.Training;
                if (!_networks.TryGetValue(training.Network, out var bar))
                    _networks[training.Network] = bar = display.AddBar($"{prefix} {training.Network}", p.Epochs, "epochs");
                if (p.Kind == TrainingProgressKind.Epoch)
                    bar.Advance(p.Epoch, p.ValidationAccuracy is { } accuracy ? $"validation accuracy {(100 * accuracy).ToString("0.0", CultureInfo.InvariantCulture)} %" : null);
                else if (p.Kind == TrainingProgressKind.Completed)
                    bar.Complete($"best epoch {p.BestEpoch}");
                break;
            case SerExperimentStage.Evaluating:
                display.Message($"{prefix}: scoring and combining the networks");
                break;
            case SerExperimentStage.FoldCompleted when value.Result is { } result:
                _folds.Step(fold.Index + 1, $"{fold.Name} test accuracy " + string.Join(", ", result.Rows.Select(r =>
                    $"{r.Id} {(100 * r.Report.Accuracy).ToString("0.0", CultureInfo.InvariantCulture)}")));
                if (fold.Index + 1 == value.FoldCount)
                    _folds.Complete();
                break;
        }
    }

    private static string Speakers(IEnumerable<SerManifestEntry> entries) => entries.Select(e => e.Speaker).Distinct().Count().ToString(CultureInfo.InvariantCulture);
}
