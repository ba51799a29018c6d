namespace MlNetSer.Models;

/// <summary>The networks of the paper, one per input modality.</summary>
public enum NetworkKind
{
    /// <summary>Sample-level 1D CNN on raw waveform segments (Table 1, <see cref="Cnn1d"/>).</summary>
    Cnn1d,

    /// <summary>AlexNet on 3-channel log-Mel segments (Table 2, <see cref="AlexNet2d"/>).</summary>
    AlexNet2d,

    /// <summary>ResNet-18 (CNTK layout, ImageNet weights loadable) on 3-channel log-Mel segments (<see cref="Resnet18"/>).</summary>
    Resnet18,

    /// <summary>3D CNN on clips of successive log-Mel segments (Table 3, <see cref="Cnn3d"/>).</summary>
    Cnn3d,
}
