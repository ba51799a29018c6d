using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace MlNetSer.Audio;

/// <summary>
/// Little-endian sample bytes to floats. Integer PCM maps to [-1, 1) by dividing by 2^(bits−1)
/// (x/128 after removing the 8-bit offset, x/32 768 for 16-bit, …), so full scale is exact and
/// nothing is clipped; float samples are copied as they are.
/// </summary>
internal static class PcmSampleConverter
{
    /// <summary>Converts <paramref name="source"/> (whole samples) into <paramref name="destination"/>.</summary>
    public static void Convert(WavSampleEncoding encoding, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (encoding)
        {
            case WavSampleEncoding.UInt8:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (source[i] - 128) / 128f;
                }

                break;
            case WavSampleEncoding.Int16 when BitConverter.IsLittleEndian:
                ConvertInt16(MemoryMarshal.Cast<byte, short>(source[..(2 * destination.Length)]), destination);
                break;
            case WavSampleEncoding.Float32 when BitConverter.IsLittleEndian:
                MemoryMarshal.Cast<byte, float>(source[..(4 * destination.Length)]).CopyTo(destination);
                break;
            case WavSampleEncoding.Int16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt16LittleEndian(source[(2 * i)..]) / 32768f;
                }

                break;
            case WavSampleEncoding.Int24:
                for (var i = 0; i < destination.Length; i++)
                {
                    var b = source.Slice(3 * i, 3);
                    var value = (b[0] | (b[1] << 8) | (b[2] << 16)) << 8 >> 8;
                    destination[i] = value / 8388608f;
                }

                break;
            case WavSampleEncoding.Int32:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)(BinaryPrimitives.ReadInt32LittleEndian(source[(4 * i)..]) / 2147483648.0);
                }

                break;
            case WavSampleEncoding.Float32:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                }

                break;
            case WavSampleEncoding.Float64:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null);
        }
    }

    /// <summary>16-bit samples (already in machine order) to floats, a vector at a time: most WAV files are 16-bit.</summary>
    private static void ConvertInt16(ReadOnlySpan<short> source, Span<float> destination)
    {
        var scale = new Vector<float>(1f / 32768);
        var i = 0;
        for (; i + Vector<short>.Count <= source.Length; i += Vector<short>.Count)
        {
            Vector.Widen(new Vector<short>(source[i..]), out var low, out var high);
            (Vector.ConvertToSingle(low) * scale).CopyTo(destination[i..]);
            (Vector.ConvertToSingle(high) * scale).CopyTo(destination[(i + Vector<int>.Count)..]);
        }

        for (; i < source.Length; i++)
        {
            destination[i] = source[i] / 32768f;
        }
    }
}
