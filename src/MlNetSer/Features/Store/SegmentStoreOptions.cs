namespace MlNetSer.Features.Store;

/// <summary>Options of a <see cref="SegmentStore"/>: where it lives, which features it holds, how it is filled.</summary>
public sealed class SegmentStoreOptions
{
    /// <summary>
    /// The store's folder (required; created on first write). It may be deleted at any time no run is using it; its
    /// contents are then computed again.
    /// </summary>
    public string Directory { get; set; } = "";

    /// <summary>The options every tensor is made with (default: the paper's). Audio is decoded at <see cref="MelSegmentOptions.SampleRate"/>.</summary>
    public FeatureOptions Features { get; set; } = new();

    /// <summary>Files decoded and turned into segments at once (default 0: one per core).</summary>
    public int Threads { get; set; }

    /// <summary>
    /// Whether an existing entry's checksum is checked before it is reused (default true). The check reads the entry once
    /// (sequentially, before training reads it at random); without it only its header, key and length are checked, which
    /// finds a truncated or half-written entry but not flipped bits.
    /// </summary>
    public bool VerifyChecksums { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
            throw OptionGuard.Invalid(nameof(Directory), $"'{Directory}'", "a folder path");
        ArgumentNullException.ThrowIfNull(Features, nameof(Features));
        Features.Validate();
        OptionGuard.AtLeast(Threads, 0, nameof(Threads));
    }

    internal int EffectiveThreads => Threads == 0 ? Environment.ProcessorCount : Threads;
}
