namespace MlNetSer.Audio;

/// <summary>Reads that keep going until the buffer is full or the stream ends (pipes and files return short reads).</summary>
internal static class StreamReading
{
    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    public static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var got = stream.Read(buffer[total..]);
            if (got == 0)
            {
                break;
            }

            total += got;
        }

        return total;
    }

    /// <summary>Reads and drops up to <paramref name="count"/> bytes; returns how many there were.</summary>
    public static long Discard(Stream stream, long count)
    {
        Span<byte> sink = stackalloc byte[4096];
        var total = 0L;
        while (total < count)
        {
            var got = stream.Read(sink[..(int)Math.Min(sink.Length, count - total)]);
            if (got == 0)
            {
                break;
            }

            total += got;
        }

        return total;
    }
}
