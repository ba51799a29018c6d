using System.CommandLine;
using MlNetSer.Features;

namespace MlNetSer.Cli;

/// <summary>
/// One command-line flag per <see cref="FeatureOptions"/> property. Defaults and help text come from a
/// fresh <see cref="FeatureOptions"/>, so the CLI cannot drift from the library; values are checked by
/// <see cref="FeatureOptions.Validate"/>, not here.
/// </summary>
public sealed class FeatureFlags
{
    private static readonly FeatureOptions Defaults = new();

    /// <summary><see cref="WaveformSegmentOptions.SegmentLength"/>.</summary>
    public Option<int> SegmentLength { get; } = Flag("--segment-length", Defaults.Waveform.SegmentLength, "1D segment length in samples (paper: 125, 625, 3125, 15625).");

    /// <summary><see cref="WaveformSegmentOptions.Hop"/>.</summary>
    public Option<int> SegmentHop { get; } = Flag("--segment-hop", Defaults.Waveform.Hop, "Samples between 1D segment starts.");

    /// <summary><see cref="WaveformSegmentOptions.Scale"/>.</summary>
    public Option<float> Scale { get; } = Flag("--scale", Defaults.Waveform.Scale, "Factor applied to the [-1, 1] waveform for the 1D input.");

    /// <summary><see cref="MelSegmentOptions.SampleRate"/> (also the rate the audio is resampled to).</summary>
    public Option<int> SampleRate { get; } = Flag("--sample-rate", Defaults.Mel.SampleRate, "Rate in Hz the audio is resampled to before any feature.");

    /// <summary><see cref="MelSegmentOptions.WindowSeconds"/>, in milliseconds.</summary>
    public Option<double> WindowMs { get; } = Flag("--window-ms", Defaults.Mel.WindowSeconds * 1000, "Hamming window length in ms, at any --sample-rate.");

    /// <summary><see cref="MelSegmentOptions.HopSeconds"/>, in milliseconds.</summary>
    public Option<double> HopMs { get; } = Flag("--hop-ms", Defaults.Mel.HopSeconds * 1000, "Frame hop in ms, at any --sample-rate.");

    /// <summary><see cref="MelSegmentOptions.WindowLength"/> when set.</summary>
    public Option<int?> Window { get; } = new("--window") { Description = "Window length in samples, instead of --window-ms (default: --window-ms at --sample-rate, 551 at 22 050 Hz)." };

    /// <summary><see cref="MelSegmentOptions.HopLength"/> when set.</summary>
    public Option<int?> Hop { get; } = new("--hop") { Description = "Frame hop in samples, instead of --hop-ms (default: --hop-ms at --sample-rate, 220 at 22 050 Hz)." };

    /// <summary><see cref="MelSegmentOptions.FftSize"/> when set.</summary>
    public Option<int?> Fft { get; } = new("--fft") { Description = "FFT size; the window is zero-padded to it (default: the smallest power of two that holds the window, 1024 at 22 050 Hz)." };

    /// <summary><see cref="MelSegmentOptions.MelBands"/>.</summary>
    public Option<int> MelBands { get; } = Flag("--mel-bands", Defaults.Mel.MelBands, "Number of Mel filters.");

    /// <summary><see cref="MelSegmentOptions.MinFrequency"/>.</summary>
    public Option<double> MinFrequency { get; } = Flag("--fmin", Defaults.Mel.MinFrequency, "Lowest Mel filter edge in Hz.");

    /// <summary><see cref="MelSegmentOptions.MaxFrequency"/>.</summary>
    public Option<double> MaxFrequency { get; } = Flag("--fmax", Defaults.Mel.MaxFrequency, "Highest Mel filter edge in Hz.");

    /// <summary><see cref="MelSegmentOptions.LogFloor"/>.</summary>
    public Option<double> LogFloor { get; } = Flag("--log-floor", Defaults.Mel.LogFloor, "Floor applied before the natural log of the Mel power.");

    /// <summary><see cref="MelSegmentOptions.SegmentFrames"/>.</summary>
    public Option<int> SegmentFrames { get; } = Flag("--segment-frames", Defaults.Mel.SegmentFrames, "Frames per 2D segment.");

    /// <summary><see cref="MelSegmentOptions.SegmentHop"/>.</summary>
    public Option<int> SegmentFrameHop { get; } = Flag("--segment-frame-hop", Defaults.Mel.SegmentHop, "Frames between 2D segment starts.");

    /// <summary><see cref="MelSegmentOptions.DeltaWidth"/>.</summary>
    public Option<int> DeltaWidth { get; } = Flag("--delta-width", Defaults.Mel.DeltaWidth, "Half-width of the HTK delta regression window.");

    /// <summary><see cref="MelClipOptions.Depth"/>.</summary>
    public Option<int> ClipDepth { get; } = Flag("--clip-depth", Defaults.Clip.Depth, "2D segments stacked per 3D clip (paper: 4, 6, 8, 10).");

    /// <summary><see cref="MelClipOptions.FrameHop"/> when set.</summary>
    public Option<int?> ClipFrameHop { get; } = new("--clip-frame-hop")
    {
        Description = "Frames between the starts of the segments a 3D clip stacks (default: --segment-frame-hop, so the clips stack the 2D segments).",
    };

    /// <summary>Every flag, in help order.</summary>
    public IEnumerable<Option> All =>
    [
        SegmentLength, SegmentHop, Scale,
        SampleRate, WindowMs, HopMs, Window, Hop, Fft, MelBands, MinFrequency, MaxFrequency, LogFloor,
        SegmentFrames, SegmentFrameHop, DeltaWidth,
        ClipDepth, ClipFrameHop,
    ];

    /// <summary>Adds every flag to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in All)
            command.Options.Add(option);
    }

    /// <summary>The options the command line asks for, validated.</summary>
    /// <exception cref="ArgumentException">A value is out of range (the message names the option).</exception>
    public FeatureOptions Bind(ParseResult parseResult)
    {
        var options = new FeatureOptions
        {
            Waveform = new WaveformSegmentOptions
            {
                SegmentLength = parseResult.GetValue(SegmentLength),
                Hop = parseResult.GetValue(SegmentHop),
                Scale = parseResult.GetValue(Scale),
            },
            Mel = new MelSegmentOptions
            {
                SampleRate = parseResult.GetValue(SampleRate),
                WindowSeconds = parseResult.GetValue(WindowMs) / 1000,
                HopSeconds = parseResult.GetValue(HopMs) / 1000,
                MelBands = parseResult.GetValue(MelBands),
                MinFrequency = parseResult.GetValue(MinFrequency),
                MaxFrequency = parseResult.GetValue(MaxFrequency),
                LogFloor = parseResult.GetValue(LogFloor),
                SegmentFrames = parseResult.GetValue(SegmentFrames),
                SegmentHop = parseResult.GetValue(SegmentFrameHop),
                DeltaWidth = parseResult.GetValue(DeltaWidth),
            },
            Clip = new MelClipOptions { Depth = parseResult.GetValue(ClipDepth), FrameHop = parseResult.GetValue(ClipFrameHop) },
        };
        // Sample counts only where given: otherwise they follow the times at the chosen rate.
        if (parseResult.GetValue(Window) is { } window)
            options.Mel.WindowLength = window;
        if (parseResult.GetValue(Hop) is { } hop)
            options.Mel.HopLength = hop;
        if (parseResult.GetValue(Fft) is { } fft)
            options.Mel.FftSize = fft;
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex) when (ex.ParamName is not null && FlagOf(ex.ParamName) is { } flag)
        {
            throw new ArgumentException(InTermsOfFlag(ex, flag), flag.Name, ex);
        }

        return options;
    }

    /// <summary>The flag of an options property; the property names of the three options classes are distinct.</summary>
    private Option? FlagOf(string property) => property switch
    {
        nameof(WaveformSegmentOptions.SegmentLength) => SegmentLength,
        nameof(WaveformSegmentOptions.Hop) => SegmentHop,
        nameof(WaveformSegmentOptions.Scale) => Scale,
        nameof(MelSegmentOptions.SampleRate) => SampleRate,
        nameof(MelSegmentOptions.WindowSeconds) => WindowMs,
        nameof(MelSegmentOptions.HopSeconds) => HopMs,
        nameof(MelSegmentOptions.WindowLength) => Window,
        nameof(MelSegmentOptions.HopLength) => Hop,
        nameof(MelSegmentOptions.FftSize) => Fft,
        nameof(MelSegmentOptions.MelBands) => MelBands,
        nameof(MelSegmentOptions.MinFrequency) => MinFrequency,
        nameof(MelSegmentOptions.MaxFrequency) => MaxFrequency,
        nameof(MelSegmentOptions.LogFloor) => LogFloor,
        nameof(MelSegmentOptions.SegmentFrames) => SegmentFrames,
        nameof(MelSegmentOptions.SegmentHop) => SegmentFrameHop,
        nameof(MelSegmentOptions.DeltaWidth) => DeltaWidth,
        nameof(MelClipOptions.Depth) => ClipDepth,
        nameof(MelClipOptions.FrameHop) => ClipFrameHop,
        _ => null,
    };

    /// <summary>"SegmentLength must be …" becomes "--segment-length must be …": users typed the flag, not the property.</summary>
    private static string InTermsOfFlag(ArgumentException exception, Option flag)
    {
        var message = CommandErrors.Describe(exception);
        return message.StartsWith(exception.ParamName!, StringComparison.Ordinal)
            ? flag.Name + message[exception.ParamName!.Length..]
            : $"{flag.Name}: {message}";
    }

    private static Option<T> Flag<T>(string name, T defaultValue, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
    };
}
