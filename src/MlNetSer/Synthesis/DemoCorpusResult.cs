namespace MlNetSer.Synthesis;

/// <summary>What <see cref="DemoCorpus.Write"/> or <see cref="SpeechEngineCorpus.Write"/> wrote.</summary>
/// <param name="ManifestPath">The manifest CSV (<c>path,label,speaker</c>), absolute.</param>
/// <param name="Manifest">The manifest's contents.</param>
public sealed record DemoCorpusResult(string ManifestPath, Data.SerManifest Manifest);
