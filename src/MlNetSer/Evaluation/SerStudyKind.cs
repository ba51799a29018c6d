namespace MlNetSer.Evaluation;

/// <summary>Which of the paper's design studies <see cref="SerStudy"/> runs.</summary>
public enum SerStudyKind
{
    /// <summary>Table 4: the 1D CNN's segment length in samples (the paper's 125, 625, 3 125, 15 625).</summary>
    SegmentLength = 0,

    /// <summary>Table 5: the 2D CNN's backbone (the paper's fine-tuned AlexNet, VGG-16, ResNet-50; here AlexNet and ResNet-18).</summary>
    Backbone = 1,

    /// <summary>Table 6: the 3D CNN's clip depth in Mel segments (the paper's 4, 6, 8, 10).</summary>
    ClipDepth = 2,
}
