using System.CommandLine;
using System.Globalization;
using MlNetSer.Evaluation;
using Spectre.Console;

namespace MlNetSer.Cli;

/// <summary>The experiment's results as the paper's Table 7 on the console (<c>experiment</c> and <c>demo</c>).</summary>
public static class ExperimentTable
{
    // Paper Table 7's layout: one row per set of networks, score level beside feature level.
    public static void Write(ParseResult parse, ExperimentReport report, bool oracle)
    {
        var console = Terminal.CreateConsole(parse.InvocationConfiguration.Output);
        console.Profile.Width = Math.Max(console.Profile.Width, 140);
        var table = new Table()
            .Title(Markup.Escape($"Table 7: test accuracy (%), mean ± sd over {report.Folds.Count} fold(s); fusions fitted on outputs for speakers the networks did not train on"))
            .AddColumns("Networks", "Score level", "λ per fold", "Feature level");
        if (oracle)
            table.AddColumn("Score level, oracle λ (searched on test; not a result)");
        foreach (var group in report.Summaries.Where(s => s.Level != FusionLevel.Baseline).GroupBy(s => string.Join("+", s.Networks)))
        {
            var score = group.FirstOrDefault(s => s.Level != FusionLevel.Feature);
            var feature = group.FirstOrDefault(s => s.Level == FusionLevel.Feature);
            var cells = new List<string>
            {
                string.Join(" + ", group.First().Networks.Select(n => n.ToUpperInvariant())),
                score is null ? "" : Percent(score.Summary.Accuracy),
                score is null || score.Level == FusionLevel.Single ? "" : string.Join(" | ", score.WeightsPerFold.Select(Weights)),
                feature is null ? "" : Percent(feature.Summary.Accuracy),
            };
            if (oracle)
                cells.Add(score?.Oracle is { } o ? Percent(o.Accuracy) : "");
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }

        if (report.Baseline is { } baseline)
        {
            var cells = new List<string> { "baseline (log-Mel statistics + linear SVM, no network)", "", "", Percent(baseline.Summary.Accuracy) };
            if (oracle)
                cells.Add("");
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }

        console.Write(table);
        foreach (var fusion in report.ModelFusions)
            console.WriteLine($"model's {(fusion.Level == FusionLevel.Score ? "score" : "feature")} fusion: {fusion.DisplayName}, accuracy {Percent(fusion.Summary.Accuracy)} %, UAR {Percent(fusion.Summary.Uar)} %");
        console.WriteLine($"best fusion on these test figures (a choice made on the test data, so optimistic): {report.Best.DisplayName}, accuracy {Percent(report.Best.Summary.Accuracy)} %, UAR {Percent(report.Best.Summary.Uar)} %");
    }

    private static string Percent(MetricSummary value)
        => $"{(100 * value.Mean).ToString("0.00", CultureInfo.InvariantCulture)} ± {(100 * value.StdDev).ToString("0.00", CultureInfo.InvariantCulture)}";

    private static string Weights(IReadOnlyList<double>? weights)
        => weights is null ? "" : string.Join(",", weights.Select(w => w.ToString("0.0", CultureInfo.InvariantCulture)));
}
