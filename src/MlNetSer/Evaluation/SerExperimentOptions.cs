using System.Globalization;
using MlNetSer.Pipeline;

namespace MlNetSer.Evaluation;

/// <summary>Options of <see cref="SerExperiment"/>: the protocol, how each fold trains, what is reported and where.</summary>
public sealed class SerExperimentOptions
{
    /// <summary>The protocol (default <see cref="SerExperimentProtocol.SpeakerGroupKFold"/>, the paper's BAUM-1s protocol).</summary>
    public SerExperimentProtocol Protocol { get; set; } = SerExperimentProtocol.SpeakerGroupKFold;

    /// <summary>Speaker groups of <see cref="SerExperimentProtocol.SpeakerGroupKFold"/> (default 5, the paper's); ignored by the fixed split.</summary>
    public int Folds { get; set; } = 5;

    /// <summary>
    /// Share of each fold's training speakers held out as validation data, on which the score-fusion λ are
    /// searched (default 0.2; must be above 0). With the fixed split, rows marked <c>validation</c> are used instead when present.
    /// </summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>
    /// How every fold trains (networks, backbone, preset, epochs, seed, threads; default: the paper's). The seed
    /// also deals the speaker groups and the validation hold-out. The networks' and the segment store's reports reach
    /// the experiment's own progress (<see cref="SerExperimentStage.Training"/>, <see cref="SerExperimentStage.CachingSegments"/>).
    /// </summary>
    public SerPipelineOptions Pipeline { get; set; } = new();

    /// <summary>
    /// Also report the oracle score-level figures, λ searched on the test data as the paper did (default true;
    /// always labelled oracle, never the result).
    /// </summary>
    public bool IncludeOracle { get; set; } = true;

    /// <summary>Also evaluate feature-level fusion of every subset of networks (default true).</summary>
    public bool IncludeFeatureLevel { get; set; } = true;

    /// <summary>
    /// Folder the report is written into (<c>report.md</c>, <c>results.json</c>, confusion CSVs and
    /// <see cref="SerExperiment.FoldsFileName"/>); default null: nothing is written.
    /// </summary>
    public string? OutputDirectory { get; set; }

    /// <summary>
    /// Also save each fold's fused model (the one <see cref="SerPipelineTrainer"/> fitted on the fold's training
    /// and validation parts) into <see cref="OutputDirectory"/> as <see cref="SerExperiment.ModelFileName"/>, so
    /// that its held-out speakers can be predicted afterwards (default false: the models are dropped).
    /// </summary>
    public bool SaveModels { get; set; }

    /// <summary>How the report names the data (default null: the manifest's path, or <c>manifest entries</c>).</summary>
    public string? DatasetName { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Protocol))
            throw new ArgumentException($"Unknown Protocol {Protocol}.", nameof(Protocol));
        if (Protocol == SerExperimentProtocol.SpeakerGroupKFold && Folds < 2)
            throw new ArgumentException($"Folds must be at least 2 (got {Folds}).", nameof(Folds));
        // λ are searched on validation data: without it there is nothing honest to choose them on.
        if (!(ValidationFraction > 0 && ValidationFraction < 1))
            throw new ArgumentException($"ValidationFraction must be in (0, 1): the score-fusion weights are searched on held-out speakers (got {ValidationFraction}).", nameof(ValidationFraction));
        ArgumentNullException.ThrowIfNull(Pipeline, nameof(Pipeline));
        Pipeline.Validate();
        if (OutputDirectory is { Length: 0 })
            throw new ArgumentException("OutputDirectory must be null or a folder.", nameof(OutputDirectory));
        if (SaveModels && OutputDirectory is null)
            throw new ArgumentException("SaveModels needs an OutputDirectory to save the fold models into.", nameof(SaveModels));
    }

    /// <summary>The protocol in words, as the report states it (e.g. <c>leave-one-speaker-group-out, 5 speaker groups; …</c>).</summary>
    public string Describe()
    {
        var validation = ValidationFraction.ToString("0.##", CultureInfo.InvariantCulture);
        var training = Pipeline.Describe();
        return Protocol == SerExperimentProtocol.SpeakerGroupKFold
            ? $"leave-one-speaker-group-out, {Folds} speaker groups; validation speakers {validation} of each fold's training speakers; {training}"
            : $"fixed train/test split from the manifest's split column; validation speakers the rows marked validation or {validation} of the training speakers; {training}";
    }
}
