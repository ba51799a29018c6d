namespace MlNetSer.Models;

/// <summary>The networks of the paper, one per input modality, and the 2D network's backbones (<see cref="Backbone2d"/>).</summary>
public enum NetworkKind
{
    /// <summary>Sample-level 1D CNN on raw waveform segments (Table 1, <see cref="Cnn1d"/>).</summary>
    Cnn1d,

    /// <summary>AlexNet, torchvision's layout, on 3-channel log-Mel segments (Table 2, <see cref="AlexNet2d"/>).</summary>
    AlexNet2d,

    /// <summary>ResNet-18 (CNTK layout, built-in ImageNet weights) on 3-channel log-Mel segments (<see cref="Resnet18"/>).</summary>
    Resnet18,

    /// <summary>3D CNN on clips of successive log-Mel segments (Table 3, <see cref="Cnn3d"/>).</summary>
    Cnn3d,

    /// <summary>VGG-16, torchvision's layout, on 3-channel log-Mel segments (Table 5, <see cref="Vgg16"/>).</summary>
    Vgg16,

    /// <summary>ResNet-18 in torchvision's layout, for torchvision state dicts (<see cref="TorchvisionResnet18"/>).</summary>
    TorchvisionResnet18,

    /// <summary>ResNet-50, torchvision's layout, on 3-channel log-Mel segments (Table 5, <see cref="Resnet50"/>).</summary>
    Resnet50,
}
