using System.Buffers.Binary;

namespace MlNetSer.Tests.Audio;

/// <summary>
/// A seekable read-only stream that is a 16-bit mono WAV file of <c>frames</c> samples whose sample n is
/// (n mod 65 536) − 32 768, produced on demand so that hour-long files cost no memory or disk.
/// </summary>
internal sealed class SyntheticWavStream(long frames, int sampleRate) : Stream
{
    private const int HeaderLength = 44;
    private readonly byte[] _header = Header(frames, sampleRate);
    private long _position;

    public static float Expected(long sample) => ((sample % 65536) - 32768) / 32768f;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => HeaderLength + (2 * frames);

    public override long Position { get => _position; set => _position = value; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, Length - _position);
        var i = 0;
        while (i < count)
        {
            var at = _position + i;
            if (at < HeaderLength)
            {
                buffer[i++] = _header[at];
                continue;
            }

            var sample = (at - HeaderLength) / 2;
            var value = (ushort)((sample % 65536) - 32768);
            if ((at - HeaderLength) % 2 == 0)
            {
                buffer[i++] = (byte)value;
                if (i < count)
                {
                    buffer[i++] = (byte)(value >> 8);
                }
            }
            else
            {
                buffer[i++] = (byte)(value >> 8);
            }
        }

        _position += count;
        return count;
    }

    public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static byte[] Header(long frames, int sampleRate)
    {
        var header = new byte[HeaderLength];
        var span = header.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(36 + (2 * frames)));
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)(2 * sampleRate));
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], (uint)(2 * frames));
        return header;
    }
}
