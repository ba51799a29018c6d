namespace MlNetSer.Synthesis;

/// <summary>
/// Writes a deterministic synthetic corpus of emotional speech (WAV files and a manifest): a way to run and
/// test the pipeline, not evidence about real emotional speech.
/// </summary>
public static class DemoCorpus
{
    /// <summary>The manifest's file name inside the corpus folder.</summary>
    public const string ManifestFileName = "manifest.csv";

    /// <summary>Writes the corpus into <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder to write (created if missing).</param>
    /// <param name="options">Options; null for the defaults.</param>
    public static DemoCorpusResult Write(string directory, DemoCorpusOptions? options = null)
        => throw new NotImplementedException("demo corpus: being written (issue 5).");
}
