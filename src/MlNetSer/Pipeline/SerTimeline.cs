using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Features;
using MlNetSer.Models;
using MlNetSer.Transforms;

namespace MlNetSer.Pipeline;

/// <summary>
/// Emotion over time from a fused model made by <see cref="SerPipelineTrainer"/> (also one returned by
/// <c>mlContext.Model.Load</c>, including models saved before timelines existed): per network, the softmax
/// probabilities of every input segment with the time range it was computed from, and the score fusion on a
/// common grid.
/// </summary>
/// <remarks>
/// <para>
/// The model's own front end (audio loading, resampling, segmenting) computes the segments, and each network's own
/// scoring chain scores them one segment per row, so the timeline is what the model sees: the mean of a network's
/// segment probabilities is its utterance score (<c>Score1d</c>, …) up to float rounding.
/// </para>
/// <para>
/// Times are seconds of the audio at the model's sample rate. 1D segment i covers samples
/// <c>[i·hop, i·hop + length)</c> (default 625 samples, hop 625 at 22 050 Hz ≈ 28 ms); 2D segment j covers its 64
/// frames, from <c>j·30·220</c> to the last frame's <c>start + 551</c> (≈ 0.66 s every 0.30 s); 3D clip k covers
/// 2D segments k … k + depth − 1. Ranges are clipped to the audio (see <see cref="SegmentSpans"/>).
/// </para>
/// <para>
/// The fused view uses the 2D segment grid (also when the model has no 2D network). In each cell, each network's
/// probabilities are the mean of its segments overlapping the cell, weighted by the samples shared with it, and the
/// cell's probabilities are Σ λ·p with the model's score-fusion weights λ. This is the utterance fusion rule applied
/// locally; the mean over the cells is not the utterance's fused score (cells overlap and segments are weighted by
/// overlap). The feature-level fusion has no timeline: its classifier sees only utterance means.
/// </para>
/// </remarks>
public sealed class SerTimeline
{
    private readonly MLContext _mlContext;
    private readonly ITransformer _frontEnd;
    private readonly IReadOnlyList<NetworkPart> _networks;
    private readonly FeatureOptions _features;

    private SerTimeline(MLContext mlContext, ITransformer frontEnd, IReadOnlyList<NetworkPart> networks, FeatureOptions features,
        int sampleRate, IReadOnlyList<string> labels, bool hasFusion)
    {
        _mlContext = mlContext;
        _frontEnd = frontEnd;
        _networks = networks;
        _features = features;
        SampleRate = sampleRate;
        Labels = labels;
        HasFusion = hasFusion;
    }

    /// <summary>Class names in probability order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The networks, in the model's order.</summary>
    public IReadOnlyList<string> Networks => _networks.Select(n => n.Name).ToArray();

    /// <summary>The score-fusion weight λ of each network, in <see cref="Networks"/> order (0 for a network the fusion does not use; all 0 without a fusion).</summary>
    public IReadOnlyList<double> Weights => _networks.Select(n => n.Weight).ToArray();

    /// <summary>Whether the model has a score fusion, i.e. whether <see cref="SerTimelineResult.Fused"/> is computed.</summary>
    public bool HasFusion { get; }

    /// <summary>The sample rate the model loads audio at; segment times are counted in its samples.</summary>
    public int SampleRate { get; }

    /// <summary>Finds the front end, the networks and the fusion weights in <paramref name="model"/>.</summary>
    /// <param name="mlContext">The ML.NET context used to score.</param>
    /// <param name="model">A fused model (fitted, or loaded with <c>mlContext.Model.Load</c>).</param>
    /// <exception cref="InvalidOperationException">The model is not laid out as <see cref="SerPipelineTrainer"/> makes it; the message says what is missing.</exception>
    public static SerTimeline FromModel(MLContext mlContext, ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        var info = SerModelInfo.Read(model);
        // The fused model is [front end…, one scoring chain per network…, drop, feature fusion, score fusion].
        var parts = SerModelParts.Split(model);
        if (parts.Networks.Any(n => n.Info.SegmentShape.Length == 0))
            throw new InvalidOperationException("The model's networks record no segment shape (saved by a version without it).");
        var networks = parts.Networks.Select(n => new NetworkPart("", n.Info, n.Element, 0, 1)).ToList();
        var features = SerModelInspector.FindFeatureOptions(model)
                       ?? throw new InvalidOperationException("The model carries no feature options (no segmenting transform).");
        var sampleRate = SerModelInspector.FindLoadSampleRate(model)
                         ?? throw new InvalidOperationException("The model has no audio loading transform (SerLoadAudio).");
        var fusion = info.ScoreFusion;
        for (var k = 0; k < networks.Count; k++)
        {
            var name = info.Networks[k];
            var slot = fusion is null ? -1 : fusion.Networks.ToList().IndexOf(name);
            networks[k] = networks[k] with { Name = name, Weight = slot < 0 ? 0 : fusion!.Weights[slot], Temperature = slot < 0 ? 1 : fusion!.TemperatureOf(slot) };
        }

        return new SerTimeline(mlContext, new TransformerChain<ITransformer>([.. parts.FrontEnd]), networks, features, sampleRate,
            info.Labels, fusion is not null);
    }

    /// <summary>Computes the timeline of one audio file.</summary>
    /// <param name="path">The audio file (any format the model's audio loader reads).</param>
    /// <exception cref="MlNetSer.Audio.AudioDecodingException">The file cannot be read or decoded; the message names it.</exception>
    /// <exception cref="InvalidOperationException">The model's segments do not match its recorded feature options.</exception>
    public SerTimelineResult Compute(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (sampleCount, tensors) = Segments(path);
        var timelines = new List<SerNetworkTimeline>();
        var fusionInputs = new List<(IReadOnlyList<SampleSpan>, float[][], double, double)>();
        foreach (var network in _networks)
        {
            var spans = SpansOf(network.Info.Kind, sampleCount);
            var probabilities = Score(network, tensors[network.Info.SegmentColumnName], spans.Length, path);
            timelines.Add(new SerNetworkTimeline(network.Name,
                spans.Select((s, i) => new SerTimelineSegment(Seconds(s.Start), Seconds(s.End), probabilities[i])).ToArray()));
            fusionInputs.Add((spans, probabilities, network.Weight, network.Temperature));
        }

        IReadOnlyList<SerTimelineSegment>? fused = null;
        if (HasFusion)
        {
            var grid = SegmentSpans.Mel(sampleCount, _features.Mel);
            var cells = SerTimelineFusion.Combine(grid, fusionInputs, Labels.Count);
            fused = grid.Select((s, g) => new SerTimelineSegment(Seconds(s.Start), Seconds(s.End), cells[g])).ToArray();
        }

        return new SerTimelineResult(path, Seconds(sampleCount), Labels, timelines, fused);
    }

    private double Seconds(long samples) => (double)samples / SampleRate;

    private SampleSpan[] SpansOf(NetworkKind kind, long sampleCount) => kind switch
    {
        NetworkKind.Cnn1d => SegmentSpans.Waveform(sampleCount, _features.Waveform),
        NetworkKind.Cnn3d => SegmentSpans.Clips(sampleCount, _features.Mel, _features.Clip),
        _ when Backbone2d.Is(kind) => SegmentSpans.Mel(sampleCount, _features.Mel),
        _ => throw new InvalidOperationException($"No timeline for network kind {kind}."),
    };

    // The front end on one row: the decoded sample count and each network's flattened segments.
    private (long SampleCount, Dictionary<string, float[]> Tensors) Segments(string path)
    {
        var features = _frontEnd.Transform(SerInput.Load(_mlContext, [path]));
        var names = _networks.Select(n => n.Info.SegmentColumnName).Distinct().ToArray();
        var columns = names.Append(SerColumns.Samples).Select(n => features.Schema.GetColumnOrNull(n)
            ?? throw new InvalidOperationException($"The model's front end does not produce the column '{n}'.")).ToArray();
        using var cursor = features.GetRowCursor(columns);
        if (!cursor.MoveNext())
            throw new InvalidOperationException($"{path}: the model's front end produced no row.");

        float[] Read(DataViewSchema.Column column)
        {
            VBuffer<float> buffer = default;
            cursor.GetGetter<VBuffer<float>>(column)(ref buffer);
            return buffer.DenseValues().ToArray();
        }

        var sampleCount = Read(columns[^1]).LongLength;
        return (sampleCount, names.Zip(columns).ToDictionary(p => p.First, p => Read(p.Second)));
    }

    // Scores one segment per row with the network's own scoring chain: its utterance score of a one-segment
    // utterance is that segment's softmax.
    private float[][] Score(NetworkPart network, float[] segments, int expected, string path)
    {
        var size = checked((int)network.Info.SegmentShape.Aggregate(1L, (a, d) => a * d));
        if (segments.Length % size != 0 || segments.Length / size != expected)
            throw new InvalidOperationException($"{path}: network {network.Name} got {segments.Length / (double)size:0.##} segments where the model's feature options give {expected}.");
        var definition = SchemaDefinition.Create(typeof(SegmentRow));
        definition[nameof(SegmentRow.Segment)].ColumnName = network.Info.SegmentColumnName;
        var rows = Enumerable.Range(0, expected).Select(i => new SegmentRow { Segment = segments.AsSpan(i * size, size).ToArray() }).ToArray();
        var scored = network.Scoring.Transform(_mlContext.Data.LoadFromEnumerable(rows, definition));
        return scored.GetColumn<float[]>(network.Info.ScoreColumnName).ToArray();
    }

    private sealed record NetworkPart(string Name, SerNetworkInfo Info, ITransformer Scoring, double Weight, double Temperature);

    private sealed class SegmentRow
    {
        public float[] Segment { get; set; } = [];
    }
}
