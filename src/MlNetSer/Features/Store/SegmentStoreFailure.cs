namespace MlNetSer.Features.Store;

/// <summary>An audio file that could not be put in the store; the other files of the batch still are.</summary>
/// <param name="Path">The audio file, as given.</param>
/// <param name="Problem">What is wrong with it, without the path (as <see cref="Audio.AudioDecodingException.Problem"/>).</param>
public sealed record SegmentStoreFailure(string Path, string Problem)
{
    /// <summary><c>path: problem</c>, the form of <see cref="Audio.AudioDecodingException"/>'s message.</summary>
    public override string ToString() => $"{Path}: {Problem}";
}
