namespace MlNetSer.Pipeline;

/// <summary>Training presets of <see cref="SerPipelineOptions"/>.</summary>
public enum SerPipelinePreset
{
    /// <summary>The paper's setting: up to 300 epochs, early-stopping patience 20, AlexNet at 227×227.</summary>
    Paper,

    /// <summary>
    /// A quick setting for trials and tests: up to 15 epochs, patience 5 (the 3D network, whose epochs take a quarter
    /// to a fifth of a 1D epoch's time, up to 60 epochs, patience 20), and the 2D backbones (AlexNet,
    /// ResNet-18) fed the 64×64 segments as they are instead of upsampled to 227/224.
    /// </summary>
    Fast,
}
