using MlNetSer.Tests.TestSupport;

namespace MlNetSer.Tests.Data.Formats;

/// <summary>A tiny dataset tree in a temp folder: real (20 ms) WAV files or arbitrary bytes at corpus-style paths.</summary>
internal sealed class FakeCorpus : IDisposable
{
    private readonly TempDirectory _directory = new();
    private int _seed;

    public string Root => _directory.Path;

    /// <summary>Writes a short decodable WAV at each relative path.</summary>
    public FakeCorpus Wav(params string[] relativePaths)
    {
        foreach (var relative in relativePaths)
        {
            var path = PathOf(relative);
            TestWav.Write(Path.GetDirectoryName(path)!, Path.GetFileName(path), 0.02, sampleRate: 16000, seed: ++_seed);
        }

        return this;
    }

    /// <summary>Writes <paramref name="bytes"/> (e.g. not audio at all, or nothing) at each relative path.</summary>
    public FakeCorpus Bytes(byte[] bytes, params string[] relativePaths)
    {
        foreach (var relative in relativePaths)
            File.WriteAllBytes(PathOf(relative), bytes);
        return this;
    }

    /// <summary>The absolute path of <paramref name="relative"/> (its folder is created).</summary>
    public string PathOf(string relative)
    {
        var path = Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    public void Dispose() => _directory.Dispose();
}
