namespace MlNetSer.IO;

/// <summary>A float32 array read from a <c>.npy</c> file.</summary>
/// <param name="Shape">The dimensions, leading first (C order).</param>
/// <param name="Data">The values in C order; its length is the product of <paramref name="Shape"/>.</param>
public sealed record NpyArray(long[] Shape, float[] Data);
