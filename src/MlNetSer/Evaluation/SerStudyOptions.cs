namespace MlNetSer.Evaluation;

/// <summary>Options of <see cref="SerStudy"/>.</summary>
public sealed class SerStudyOptions
{
    /// <summary>Which study (default <see cref="SerStudyKind.SegmentLength"/>).</summary>
    public SerStudyKind Kind { get; set; }

    /// <summary>
    /// The values to compare (default null: the paper's — 125, 625, 3125, 15625 samples; alexnet, vgg16, resnet50; 4, 6, 8,
    /// 10 segments). Backbones are named as in <see cref="Models.Backbone2d.Names"/>. In the backbone study,
    /// <see cref="Pipeline.SerPipelineOptions.BackboneWeights"/> may be a folder holding each backbone's torchvision file
    /// (<see cref="Models.Backbone2d.FindWeights"/>); a backbone without one there is trained from random initialisation.
    /// </summary>
    public IReadOnlyList<string>? Values { get; set; }

    /// <summary>
    /// The protocol and how each value trains (default: the experiment's defaults). Only the studied network is trained,
    /// with no fusion; the other options of <see cref="SerExperimentOptions.Pipeline"/> apply to every value.
    /// </summary>
    public SerExperimentOptions Experiment { get; set; } = new();

    /// <summary>Folder for <c>report.md</c>, <c>results.json</c> and the plot (default null: none written).</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>The values to run: <see cref="Values"/> or the paper's.</summary>
    public IReadOnlyList<string> EffectiveValues => Values ?? SerStudy.PaperFigures(Kind).Where(p => SerStudy.IsBuilt(Kind, p.Value)).Select(p => p.Value).ToArray();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Kind))
            throw new ArgumentException($"Unknown study {Kind}.", nameof(Kind));
        if (Values is { Count: 0 })
            throw new ArgumentException("Values must be null (the paper's) or name at least one value.", nameof(Values));
        foreach (var value in EffectiveValues)
        {
            if (!SerStudy.IsBuilt(Kind, value))
                throw new ArgumentException($"'{value}' is not a value of the {SerStudy.NameOf(Kind)} study here ({SerStudy.ValueHelp(Kind)}).", nameof(Values));
        }

        ArgumentNullException.ThrowIfNull(Experiment, nameof(Experiment));
        Experiment.Validate();
    }
}
