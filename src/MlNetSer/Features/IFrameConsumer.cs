namespace MlNetSer.Features;

/// <summary>Receives the fixed-length frames a <see cref="SampleFramer"/> cuts.</summary>
internal interface IFrameConsumer
{
    /// <summary>One frame of window-length samples; valid only during the call.</summary>
    void OnFrame(ReadOnlySpan<float> frame);
}
