using static TorchSharp.torch;

namespace MlNetSer.Training;

/// <summary>
/// Assembles an epoch's mini-batches (segments copied out of a <see cref="SegmentDataset"/> in the shuffled order) one
/// batch ahead on a background thread, so reading segments — from memory maps of a segment store, possibly from disk —
/// overlaps the previous batch's forward and backward pass.
/// </summary>
/// <remarks>
/// Two buffer sets alternate: batch b is filled into set b mod 2 while the caller trains on batch b − 1 from the other set,
/// and the set of batch b is only refilled (for b + 2) once the caller asks for batch b + 1, i.e. after it is done with b.
/// The batches and their contents are exactly those of copying synchronously, so results do not change.
/// </remarks>
internal sealed class BatchPrefetcher : IDisposable
{
    private readonly SegmentDataset _data;
    private readonly int[] _order;
    private readonly IReadOnlyList<(int Start, int Count)> _plan;
    private readonly (float[] Values, long[] Labels)[] _buffers = new (float[], long[])[2];
    private Task<(float[] Values, long[] Labels)>? _next;
    private int _nextIndex = -1;

    public BatchPrefetcher(SegmentDataset data, int[] order, IReadOnlyList<(int Start, int Count)> plan)
    {
        _data = data;
        _order = order;
        _plan = plan;
    }

    /// <summary>The values ([count, ..segment shape], C order) and labels of batch <paramref name="batch"/>; call for 0, 1, 2, … in turn.</summary>
    public (float[] Values, long[] Labels) Take(int batch)
    {
        var current = _nextIndex == batch && _next is { } pending ? pending.GetAwaiter().GetResult() : Fill(batch);
        _next = null;
        if (batch + 1 < _plan.Count)
        {
            _nextIndex = batch + 1;
            _next = Task.Run(() => Fill(batch + 1));
        }

        return current;
    }

    /// <summary>
    /// The batch as tensors on <paramref name="device"/>. On the CPU the input shares the buffer's memory instead of
    /// copying it: <c>torch.tensor</c> would clone every batch into a fresh managed array, large-object garbage (48 MB
    /// for 256 clips) that piles up in proportion to the epoch's batches before a full collection reclaims it. Safe because
    /// a buffer is refilled only after the batch it held is finished (see the remarks).
    /// </summary>
    public static (Tensor Input, Tensor Target) ToTensors((float[] Values, long[] Labels) batch, long[] segmentShape, Device device)
    {
        var count = batch.Labels.Length;
        var input = from_array(batch.Values, ScalarType.Float32).view([count, .. segmentShape]).to(device);
        var target = from_array(batch.Labels, ScalarType.Int64).to(device);
        return (input, target);
    }

    /// <summary>Waits for a batch still being assembled (its buffers must not be written after the epoch).</summary>
    public void Dispose()
    {
        try
        {
            _next?.Wait();
        }
        catch (AggregateException)
        {
            // A read error of a batch nobody will use any more.
        }
    }

    private (float[] Values, long[] Labels) Fill(int batch)
    {
        var (start, count) = _plan[batch];
        ref var buffer = ref _buffers[batch & 1];
        if (buffer.Labels is null || buffer.Labels.Length != count)
            buffer = (new float[count * _data.SegmentSize], new long[count]);
        for (var i = 0; i < count; i++)
            buffer.Labels[i] = _data.CopySegment(_order[start + i], buffer.Values.AsSpan(i * _data.SegmentSize));
        return buffer;
    }
}
