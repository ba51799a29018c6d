using MlNetSer.Training;

namespace MlNetSer.Pipeline;

/// <summary>A progress report of <see cref="SerPipelineTrainer"/>: which network is training and the trainer's report.</summary>
/// <param name="Network">The network (<c>1d</c>, <c>2d</c> or <c>3d</c>).</param>
/// <param name="Training">The trainer's report.</param>
public sealed record SerPipelineProgress(string Network, TrainingProgress Training);
