namespace MlNetSer.Features;

/// <summary>Every option of the three input tensors together (what <c>features.json</c> records).</summary>
public sealed class FeatureOptions
{
    /// <summary>1D input options.</summary>
    public WaveformSegmentOptions Waveform { get; set; } = new();

    /// <summary>2D input options.</summary>
    public MelSegmentOptions Mel { get; set; } = new();

    /// <summary>3D input options.</summary>
    public MelClipOptions Clip { get; set; } = new();

    /// <summary>The options as JSON, as an exported ONNX model records them (<c>feature_options</c>, see onnx/README.md).</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this);

    /// <summary>A deep copy (through the same JSON: sample counts are copied as set or as they follow from the times).</summary>
    public FeatureOptions Clone() => System.Text.Json.JsonSerializer.Deserialize<FeatureOptions>(ToJson())!;

    /// <summary>Validates all three.</summary>
    public void Validate()
    {
        Waveform.Validate();
        Mel.Validate();
        Clip.Validate();
    }
}
