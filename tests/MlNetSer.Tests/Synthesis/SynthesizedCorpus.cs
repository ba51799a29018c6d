using MlNetSer.Audio;
using MlNetSer.Synthesis;

namespace MlNetSer.Tests.Synthesis;

/// <summary>A demo corpus of 4 speakers × 7 emotions × 3 utterances, written once and measured, shared by the prosody tests.</summary>
public sealed class SynthesizedCorpus : IDisposable
{
    private readonly TempDirectory _directory = new();

    public SynthesizedCorpus()
    {
        Options = new DemoCorpusOptions { Speakers = 4, UtterancesPerEmotion = 3, Seed = 11 };
        Result = DemoCorpus.Write(_directory.Path, Options);
        Rows = Result.Manifest.Entries
            .Select(e => (e.Speaker, e.Label, Samples: AudioReader.Load(e.Path, Options.SampleRate).Samples))
            .Select(r => new Row(r.Speaker, r.Label, r.Samples, ProsodyMeasures.Of(r.Samples, Options.SampleRate)))
            .ToArray();
    }

    internal DemoCorpusOptions Options { get; }

    internal DemoCorpusResult Result { get; }

    internal IReadOnlyList<Row> Rows { get; }

    public void Dispose() => _directory.Dispose();

    internal sealed record Row(string Speaker, string Label, float[] Samples, ProsodyMeasures Measures);
}
