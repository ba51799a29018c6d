namespace MlNetSer.Training;

/// <summary>The optimizers <see cref="SegmentTrainer"/> can use (the paper does not name one).</summary>
public enum TrainingOptimizer
{
    /// <summary>Adam (β = 0.9, 0.999, ε = 1e-8, no weight decay): the default.</summary>
    Adam,

    /// <summary>Stochastic gradient descent with momentum <see cref="TrainerOptions.Momentum"/> (default 0.9).</summary>
    SgdMomentum,
}
