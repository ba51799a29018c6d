using System.Runtime.CompilerServices;

namespace MlNetSer.Features;

/// <summary>
/// Cuts a sample stream pushed in arbitrary pieces into frames of <c>window</c> samples every <c>hop</c>
/// samples (frame t covers [t·hop, t·hop + window)), exactly as if the whole signal had been cut at once.
/// Frames lying inside a pushed piece are handed out in place; only a frame that straddles two pieces is
/// assembled in a buffer of at most 2·window samples. A signal that ends before the first frame is
/// complete is zero-padded to one frame at <see cref="Complete"/>; otherwise trailing samples are dropped.
/// </summary>
internal sealed class SampleFramer
{
    private readonly int _window;
    private readonly int _hop;
    private readonly IFrameConsumer _consumer;
    private readonly float[] _buffer;
    private int _filled;      // _buffer[0.._filled) are the samples from the next frame's start on
    private long _skip;       // samples to drop before the next frame starts (hop > window); then _filled == 0

    public SampleFramer(int window, int hop, IFrameConsumer consumer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hop, 1);
        _window = window;
        _hop = hop;
        _consumer = consumer;
        _buffer = new float[2 * window];
    }

    /// <summary>Frames handed out since the last reset.</summary>
    public long FrameCount { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Push(ReadOnlySpan<float> samples)
    {
        if (_skip > 0)
        {
            int dropped = (int)Math.Min(_skip, samples.Length);
            samples = samples[dropped..];
            _skip -= dropped;
        }

        if (samples.IsEmpty) return;

        // Positions below are in the virtual sequence buffered ++ samples.
        int start = 0;
        if (_filled > 0)
        {
            int appended = Math.Min(samples.Length, _window);
            samples[..appended].CopyTo(_buffer.AsSpan(_filled));
            int valid = _filled + appended;
            while (start < _filled && start + _window <= valid)
            {
                Emit(_buffer.AsSpan(start, _window));
                start += _hop;
            }

            if (start < _filled)
            {
                // The frame at 'start' is still incomplete, so all of 'samples' sits in the buffer.
                _buffer.AsSpan(start, valid - start).CopyTo(_buffer);
                _filled = valid - start;
                return;
            }

            start -= _filled;
        }

        while (start + _window <= samples.Length)
        {
            Emit(samples.Slice(start, _window));
            start += _hop;
        }

        if (start >= samples.Length)
        {
            _skip = start - samples.Length;
            _filled = 0;
        }
        else
        {
            samples[start..].CopyTo(_buffer);
            _filled = samples.Length - start;
        }
    }

    /// <summary>Ends the signal: zero-pads it to one frame if none was complete, then resets.</summary>
    public void Complete()
    {
        if (FrameCount == 0)
        {
            _buffer.AsSpan(_filled, _window - _filled).Clear();
            Emit(_buffer.AsSpan(0, _window));
        }

        Reset();
    }

    public void Reset()
    {
        _filled = 0;
        _skip = 0;
        FrameCount = 0;
    }

    private void Emit(ReadOnlySpan<float> frame)
    {
        FrameCount++;
        _consumer.OnFrame(frame);
    }
}
