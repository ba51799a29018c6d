using MlNetSer.Audio;
using MlNetSer.Synthesis;

namespace MlNetSer.Tests.Synthesis;

/// <summary>
/// A speech-engine corpus of 4 speakers × 7 emotions × 2 utterances, written once (on first use, so that a machine
/// without espeak-ng skips instead of failing) and measured, shared by the tests of its properties.
/// </summary>
public sealed class SpokenCorpus : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly Lazy<(DemoCorpusResult Result, IReadOnlyList<SynthesizedCorpus.Row> Rows)> _corpus;

    public SpokenCorpus()
    {
        Options = new SpeechEngineCorpusOptions { Speakers = 4, UtterancesPerEmotion = 2, Seed = 7 };
        _corpus = new(() =>
        {
            var result = SpeechEngineCorpus.Write(_directory.Path, Options);
            var rows = result.Manifest.Entries
                .Select(e => (e.Speaker, e.Label, Samples: AudioReader.Load(e.Path, Options.SampleRate).Samples))
                .Select(r => new SynthesizedCorpus.Row(r.Speaker, r.Label, r.Samples, ProsodyMeasures.Of(r.Samples, Options.SampleRate)))
                .ToArray();
            return (result, rows);
        });
    }

    internal SpeechEngineCorpusOptions Options { get; }

    internal string Folder => _directory.Path;

    internal DemoCorpusResult Result => _corpus.Value.Result;

    internal IReadOnlyList<SynthesizedCorpus.Row> Rows => _corpus.Value.Rows;

    public void Dispose() => _directory.Dispose();
}
