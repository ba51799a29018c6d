namespace MlNetSer.Tests.Training;

/// <summary>
/// libtorch's random generator and thread count are process-wide, so the reproducibility tests must not
/// run beside other TorchSharp tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection
{
    public const string Name = "Training (libtorch global state)";
}
