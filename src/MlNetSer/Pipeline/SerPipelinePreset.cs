namespace MlNetSer.Pipeline;

/// <summary>Training presets of <see cref="SerPipelineOptions"/>.</summary>
public enum SerPipelinePreset
{
    /// <summary>The paper's setting (DESIGN.md §2): up to 300 epochs, early-stopping patience 20, AlexNet at 227×227.</summary>
    Paper,

    /// <summary>
    /// A quick setting for trials and tests: up to 15 epochs, patience 5, the 2D backbone fed the 64×64
    /// segments as they are (no upsampling to 227 or 224).
    /// </summary>
    Fast,
}
