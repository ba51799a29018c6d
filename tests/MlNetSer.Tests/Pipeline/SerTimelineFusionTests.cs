using MlNetSer.Features;
using MlNetSer.Pipeline;

namespace MlNetSer.Tests.Pipeline;

public sealed class SerTimelineFusionTests
{
    // Network A: two halves, certain of class 0 then of class 1; network B: one segment over everything.
    private static readonly (IReadOnlyList<SampleSpan>, float[][], double, double)[] Networks =
    [
        ([new SampleSpan(0, 500), new SampleSpan(500, 1000)], [[1f, 0f], [0f, 1f]], 0.5, 1),
        ([new SampleSpan(0, 1000)], [[0.2f, 0.8f]], 0.5, 1),
    ];

    [Fact]
    public void Combine_AveragesEachNetworkOverTheCellBySharedSamples_ThenWeightsByLambda()
    {
        SampleSpan[] grid = [new(0, 400), new(300, 700), new(0, 1000)];

        var fused = SerTimelineFusion.Combine(grid, Networks, classes: 2);

        // [0, 400): A = (1, 0) → 0.5·(1, 0) + 0.5·(0.2, 0.8) = (0.6, 0.4).
        Assert.Equal([0.6f, 0.4f], fused[0], (a, b) => Math.Abs(a - b) < 1e-6f);
        // [300, 700): A shares 200 samples with each half → (0.5, 0.5); fused (0.35, 0.65).
        Assert.Equal([0.35f, 0.65f], fused[1], (a, b) => Math.Abs(a - b) < 1e-6f);
        Assert.Equal([0.35f, 0.65f], fused[2], (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void Combine_LeavesOutANetworkWithWeightZero()
    {
        var fused = SerTimelineFusion.Combine([new SampleSpan(0, 400)], [Networks[0] with { Item3 = 0 }, Networks[1] with { Item3 = 1 }], classes: 2);

        Assert.Equal([0.2f, 0.8f], fused[0]);
    }

    [Fact]
    public void Combine_ScalesEachNetworksLocalAverageByItsTemperature_AsTheUtteranceFusionDoes()
    {
        // B alone at temperature 0.5: softmax(ln(0.2, 0.8) · 2) = (0.04, 0.64) / 0.68.
        var fused = SerTimelineFusion.Combine([new SampleSpan(0, 400)], [Networks[0] with { Item3 = 0 }, Networks[1] with { Item3 = 1, Item4 = 0.5 }], classes: 2);

        Assert.Equal([0.04f / 0.68f, 0.64f / 0.68f], fused[0], (a, b) => Math.Abs(a - b) < 1e-6f);
    }
}
