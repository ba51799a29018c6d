using System.CommandLine;
using MlNetSer.Cli;
using MlNetSer.Pipeline;

namespace MlNetSer.Tests.Cli;

/// <summary>The commands that train take every feature flag of <c>features</c>, and the flags reach the networks.</summary>
public sealed class TrainingFlagsTests
{
    [Fact]
    public void FeatureFlags_ReachTheFeatureOptions_AndTheNetworksTheyShape()
    {
        var flags = new TrainingFlags(preset: "fast");
        var command = new RootCommand();
        flags.AddTo(command);

        var options = flags.Bind(command.Parse(["--segment-length", "125", "--segment-hop", "125", "--clip-depth", "6", "--sample-rate", "16000"]));

        Assert.Equal((125, 125), (options.Features.Waveform.SegmentLength, options.Features.Waveform.Hop));
        Assert.Equal(6, options.Features.Clip.Depth);
        Assert.Equal((16000, 400, 160), (options.Features.Mel.SampleRate, options.Features.Mel.WindowLength, options.Features.Mel.HopLength));
        Assert.Equal(125, options.NetworkOptions("1d").Cnn1d.SegmentLength);
        Assert.Equal(6, options.NetworkOptions("3d").Cnn3d.Depth);
        Assert.Equal(6, options.NetworkOptions("3d").Features.Clip.Depth);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("experiment")]
    [InlineData("demo")]
    public void EveryTrainingCommand_ListsTheFeatureFlags(string name)
    {
        var help = CliRunner.InProcess(name, "--help").Output;

        foreach (var flag in new FeatureFlags().All.Select(o => o.Name))
            Assert.Contains(flag, help);
    }

    [Fact]
    public void FusionShrinkage_DefaultsToTheLibrarysPrior_AndABadValueNamesTheOption()
    {
        var flags = new TrainingFlags(preset: "fast");
        var command = new RootCommand();
        flags.AddTo(command);

        Assert.Equal(new SerPipelineOptions().ScoreFusionWeightShrinkage, flags.Bind(command.Parse([])).ScoreFusionWeightShrinkage);
        Assert.Equal(0, flags.Bind(command.Parse(["--fusion-shrinkage", "0"])).ScoreFusionWeightShrinkage);
        Assert.Contains("pulled towards equal weights (shrinkage 12.5)", flags.Bind(command.Parse(["--fusion-shrinkage", "12.5"])).Describe());
        var error = Assert.ThrowsAny<ArgumentException>(() => flags.Bind(command.Parse(["--fusion-shrinkage", "-1"])));
        Assert.Contains("ScoreFusionWeightShrinkage", error.Message);
    }

    [Fact]
    public void ClipFrameHop_IsUnsetByDefault_ReachesTheFeatures_AndIsNamedInTheProtocol_AndABadValueNamesTheFlag()
    {
        var flags = new TrainingFlags(preset: "fast");
        var command = new RootCommand();
        flags.AddTo(command);

        var defaults = flags.Bind(command.Parse([]));
        Assert.Null(defaults.Features.Clip.FrameHop);
        Assert.DoesNotContain("clips of segments every", defaults.Describe());
        var set = flags.Bind(command.Parse(["--clip-frame-hop", "10"]));
        Assert.Equal(10, set.Features.Clip.FrameHop);
        Assert.Contains("3d (clips of segments every 10 frames)", set.Describe());
        var error = Assert.ThrowsAny<ArgumentException>(() => flags.Bind(command.Parse(["--clip-frame-hop", "0"])));
        Assert.Contains("--clip-frame-hop", error.Message);
    }

    [Fact]
    public void Epochs3d_LimitsTheThreeDNetworkAlone_OverEpochsAndThePreset_AndABadValueNamesTheFlag()
    {
        var flags = new TrainingFlags(preset: "fast");
        var command = new RootCommand();
        flags.AddTo(command);

        var own = flags.Bind(command.Parse(["--epochs-3d", "20"]));
        Assert.Equal((SerPipelineOptions.FastEpochs, SerPipelineOptions.FastEpochs, 20),
            (own.TrainerOptions("1d").Epochs, own.TrainerOptions("2d").Epochs, own.TrainerOptions("3d").Epochs));
        Assert.Contains($"up to {SerPipelineOptions.FastEpochs} epochs (3d: 20)", own.Describe());
        var both = flags.Bind(command.Parse(["--epochs", "7", "--epochs-3d", "30"]));
        Assert.Equal((7, 30), (both.TrainerOptions("1d").Epochs, both.TrainerOptions("3d").Epochs));
        Assert.Null(flags.Bind(command.Parse([])).Epochs3d);
        var error = Assert.ThrowsAny<ArgumentException>(() => flags.Bind(command.Parse(["--epochs-3d", "0"])));
        Assert.Contains("--epochs-3d", error.Message);
    }

    [Fact]
    public void WeightAverage_IsOffByDefault_The3dFlagOverridesTheSharedOne_AndTheDescriptionSaysSo()
    {
        var flags = new TrainingFlags(preset: "fast");
        var command = new RootCommand();
        flags.AddTo(command);

        var defaults = flags.Bind(command.Parse([]));
        Assert.All(SerNetworkId.Names, n => Assert.Equal(0, defaults.TrainerOptions(n).WeightAverageHalfLife));
        Assert.DoesNotContain("weights averaged", defaults.Describe());

        var own = flags.Bind(command.Parse(["--weight-average-3d", "2"]));
        Assert.Equal((0.0, 0.0, 2.0),
            (own.TrainerOptions("1d").WeightAverageHalfLife, own.TrainerOptions("2d").WeightAverageHalfLife, own.TrainerOptions("3d").WeightAverageHalfLife));
        Assert.Contains("weights averaged over epochs (half-life: 3d 2)", own.Describe());
        var both = flags.Bind(command.Parse(["--weight-average", "0.5", "--weight-average-3d", "2"]));
        Assert.Equal((0.5, 2.0), (both.TrainerOptions("1d").WeightAverageHalfLife, both.TrainerOptions("3d").WeightAverageHalfLife));
        Assert.Contains("half-life: 1d 0.5, 2d 0.5, 3d 2", both.Describe());

        var error = Assert.ThrowsAny<ArgumentException>(() => flags.Bind(command.Parse(["--weight-average-3d", "-1"])));
        Assert.Contains("--weight-average-3d", error.Message);
    }
}
