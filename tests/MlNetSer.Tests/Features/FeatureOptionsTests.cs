using MlNetSer.Features;

namespace MlNetSer.Tests.Features;

public class FeatureOptionsTests
{
    [Fact]
    public void DefaultsAreThePapersValuesAndValid()
    {
        var options = new FeatureOptions();
        options.Validate();
        Assert.Equal((625, 625, 256f), (options.Waveform.SegmentLength, options.Waveform.Hop, options.Waveform.Scale));
        Assert.Equal((22050, 551, 220, 1024, 64), (options.Mel.SampleRate, options.Mel.WindowLength, options.Mel.HopLength, options.Mel.FftSize, options.Mel.MelBands));
        Assert.Equal((20.0, 8000.0, 1e-10), (options.Mel.MinFrequency, options.Mel.MaxFrequency, options.Mel.LogFloor));
        Assert.Equal((64, 30, 2, 4), (options.Mel.SegmentFrames, options.Mel.SegmentHop, options.Mel.DeltaWidth, options.Clip.Depth));
    }

    public static TheoryData<string, string> BadOptions => new()
    {
        { "Waveform.SegmentLength=0", "SegmentLength" },
        { "Waveform.Hop=-1", "Hop" },
        { "Waveform.Scale=NaN", "Scale" },
        { "Mel.SampleRate=0", "SampleRate" },
        { "Mel.WindowLength=1", "WindowLength" },
        { "Mel.HopLength=0", "HopLength" },
        { "Mel.FftSize=1000", "FftSize" },
        { "Mel.FftSize=512", "FftSize" },      // smaller than the 551-sample window
        { "Mel.MelBands=0", "MelBands" },
        { "Mel.MinFrequency=-5", "MinFrequency" },
        { "Mel.MaxFrequency=12000", "MaxFrequency" },   // above Nyquist at 22 050 Hz
        { "Mel.MaxFrequency=10", "MaxFrequency" },      // below MinFrequency
        { "Mel.LogFloor=0", "LogFloor" },
        { "Mel.SegmentFrames=0", "SegmentFrames" },
        { "Mel.SegmentHop=0", "SegmentHop" },
        { "Mel.DeltaWidth=0", "DeltaWidth" },
        { "Clip.Depth=0", "Depth" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void ValidateNamesTheOptionAndTheBadValue(string setting, string option)
    {
        var options = new FeatureOptions();
        var (path, value) = (setting.Split('=')[0], setting.Split('=')[1]);
        object target = path.StartsWith("Waveform") ? options.Waveform : path.StartsWith("Mel") ? options.Mel : options.Clip;
        var property = target.GetType().GetProperty(path.Split('.')[1])!;
        property.SetValue(target, Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(option, error.ParamName);
        Assert.Contains(option, error.Message);
        Assert.Contains(value, error.Message);
        // Every entry point refuses the same options.
        Assert.Throws<ArgumentException>(() => FeatureExtractor.Extract(new float[1000], options));
    }

    [Theory]
    [InlineData(22050, 551, 220, 1024)]
    [InlineData(16000, 400, 160, 512)]
    [InlineData(44100, 1103, 441, 2048)]
    [InlineData(8000, 200, 80, 256)]
    public void TheFrameIsGivenInTime_SoEveryRateGetsTheSame25And10Milliseconds(int rate, int window, int hop, int fft)
    {
        var options = new MelSegmentOptions { SampleRate = rate };

        Assert.Equal((window, hop, fft), (options.WindowLength, options.HopLength, options.FftSize));
    }

    [Fact]
    public void SampleCounts_OverrideTheTimes_AndSurviveTheJsonTheModelCarries()
    {
        var options = new MelSegmentOptions { SampleRate = 16000, WindowLength = 512, HopLength = 256 };
        var copy = System.Text.Json.JsonSerializer.Deserialize<MelSegmentOptions>(System.Text.Json.JsonSerializer.Serialize(options))!;

        Assert.Equal((512, 256, 512), (options.WindowLength, options.HopLength, options.FftSize));
        Assert.Equal((512, 256, 512, 16000), (copy.WindowLength, copy.HopLength, copy.FftSize, copy.SampleRate));
        Assert.Throws<ArgumentException>(() => new MelSegmentOptions { HopSeconds = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new MelSegmentOptions { WindowSeconds = double.NaN }.Validate());
    }
}
