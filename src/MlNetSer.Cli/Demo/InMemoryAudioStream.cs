using MlNetSer.Audio;

namespace MlNetSer.Cli.Demo;

/// <summary>Serves mono samples already in memory through the same streaming path as a decoded file.</summary>
public sealed class InMemoryAudioStream : MonoAudioStream
{
    private readonly float[] _samples;
    private int _position;

    /// <summary>Wraps <paramref name="samples"/> (mono, at <paramref name="sampleRate"/>) described as <paramref name="source"/>.</summary>
    public InMemoryAudioStream(float[] samples, int sampleRate, AudioInfo source)
    {
        _samples = samples;
        SampleRate = sampleRate;
        Source = source;
    }

    /// <inheritdoc />
    public override AudioInfo Source { get; }

    /// <inheritdoc />
    public override int SampleRate { get; }

    /// <inheritdoc />
    public override int Read(Span<float> buffer)
    {
        var count = Math.Min(buffer.Length, _samples.Length - _position);
        _samples.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
