namespace MlNetSer.Pipeline;

/// <summary>Training presets of <see cref="SerPipelineOptions"/>.</summary>
public enum SerPipelinePreset
{
    /// <summary>The paper's setting (DESIGN.md §2): up to 300 epochs, early-stopping patience 20, AlexNet at 227×227.</summary>
    Paper,

    /// <summary>
    /// A quick setting for trials and tests: up to 15 epochs, patience 5, ResNet-18 fed the 64×64 segments as
    /// they are (no upsampling to 224). AlexNet stays at 227: its adaptive 6×6 pool exports to ONNX only from
    /// an input of at least 223 (a smaller one leaves 1×1 maps before the pool).
    /// </summary>
    Fast,
}
