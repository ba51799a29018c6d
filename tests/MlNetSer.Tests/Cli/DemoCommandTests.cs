using MlNetSer.Cli;
using MlNetSer.Cli.Demo;
using MlNetSer.IO;

namespace MlNetSer.Tests.Cli;

public class DemoCommandTests
{
    [Fact]
    public void WritesTheThreeTensorsOfTheBuiltInVowelAndShowsTheirShapes()
    {
        using var dir = new TempDirectory();
        var outDir = dir.File("demo-out");

        var result = CliRunner.InProcess("demo", "--out", outDir);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        // 3 s = 66 150 samples: 105 waveform segments; 299 frames → 8 Mel segments → 5 clips.
        Assert.Contains("105, 1, 625", result.Output);
        Assert.Contains("8, 3, 64, 64", result.Output);
        Assert.Contains("5, 3, 4, 64, 64", result.Output);
        Assert.Contains(outDir, result.Output);
        Assert.Equal(new long[] { 105, 1, 625 }, NpyReader.ReadShape(Path.Combine(outDir, "wave1d.npy")));
        Assert.Equal(new long[] { 8, 3, 64, 64 }, NpyReader.ReadShape(Path.Combine(outDir, "mel2d.npy")));
        Assert.Equal(new long[] { 5, 3, 4, 64, 64 }, NpyReader.ReadShape(Path.Combine(outDir, "clip3d.npy")));
        Assert.Equal(3.0, FeatureManifest.Load(Path.Combine(outDir, "features.json")).Input.DurationSeconds);
    }

    [Fact]
    public void VowelIsDeterministicBoundedAndVoiced()
    {
        var a = VowelSignal.Synthesize(1.0, 22050);
        var b = VowelSignal.Synthesize(1.0, 22050);
        Assert.Equal(a, b);
        Assert.Equal(22050, a.Length);
        Assert.Equal(0.8f, a.Max(Math.Abs), 5);

        // Voiced: the autocorrelation peaks at a pitch period of 110–140 Hz (157–200 samples).
        var middle = a[8000..12000];
        double Correlation(int lag)
        {
            var sum = 0.0;
            for (var i = 0; i + lag < middle.Length; i++)
                sum += middle[i] * middle[i + lag];
            return sum;
        }

        var best = Enumerable.Range(60, 300).MaxBy(Correlation);
        Assert.InRange(best, 150, 205);
    }
}
