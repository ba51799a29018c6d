namespace MlNetSer.IO;

/// <summary>
/// What a reader needs to use the data of a float32 C-order <c>.npy</c> file in place (e.g. memory-map
/// it): the shape and the byte offset at which the values begin.
/// </summary>
/// <param name="Shape">The array's dimensions.</param>
/// <param name="DataOffset">Bytes from the start of the file to the first value.</param>
internal sealed record NpyHeader(long[] Shape, long DataOffset);
