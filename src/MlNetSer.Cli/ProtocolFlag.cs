using System.CommandLine;
using System.Globalization;
using MlNetSer.Evaluation;

namespace MlNetSer.Cli;

/// <summary>The <c>--protocol</c> flag of the commands that run a speaker-independent protocol (<c>experiment</c>, <c>study</c>).</summary>
public static class ProtocolFlag
{
    /// <summary>The default protocol: five speaker groups, the paper's BAUM-1s protocol.</summary>
    public const string DefaultProtocol = "losgo:5";

    /// <summary>Creates the flag.</summary>
    public static Option<string> Create() => new("--protocol")
    {
        Description = "losgo:K: leave-one-speaker-group-out over K speaker groups (K ≥ 2; the paper's BAUM-1s protocol is losgo:5); "
            + "split: train on the manifest's train rows, test on its test rows (the AFEW5.0 protocol).",
        DefaultValueFactory = _ => DefaultProtocol,
    };

    /// <summary>
    /// Parses <c>losgo:K</c> (K an integer ≥ 2; <c>losgo</c> alone is K = 5) or <c>split</c>, case-insensitively;
    /// throws <see cref="ArgumentException"/> for anything else.
    /// </summary>
    public static (SerExperimentProtocol Protocol, int Folds) Parse(string text)
    {
        var value = text.Trim().ToLowerInvariant();
        if (value == "split")
            return (SerExperimentProtocol.FixedSplit, new SerExperimentOptions().Folds);
        if (value == "losgo")
            return (SerExperimentProtocol.SpeakerGroupKFold, new SerExperimentOptions().Folds);
        if (value.StartsWith("losgo:", StringComparison.Ordinal)
            && int.TryParse(value["losgo:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var folds) && folds >= 2)
            return (SerExperimentProtocol.SpeakerGroupKFold, folds);
        throw new ArgumentException($"--protocol: '{text}' is not losgo:K (K ≥ 2 speaker groups, e.g. {DefaultProtocol}) or split.");
    }
}
