namespace MlNetSer.Synthesis;

/// <summary>Options of <see cref="DemoCorpus.Write"/>.</summary>
public sealed class DemoCorpusOptions
{
    /// <summary>Synthetic speakers. Default 8.</summary>
    public int Speakers { get; set; } = 8;

    /// <summary>Utterances per speaker and emotion. Default 4.</summary>
    public int UtterancesPerEmotion { get; set; } = 4;

    /// <summary>Seed: the same options and seed give byte-identical files. Default 0.</summary>
    public int Seed { get; set; }
}
