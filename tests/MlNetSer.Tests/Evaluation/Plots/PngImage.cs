using System.Buffers.Binary;
using ScottPlot;
using SkiaSharp;

namespace MlNetSer.Tests.Evaluation.Plots;

/// <summary>Reads back what the plots wrote: the PNG header and decoded pixels.</summary>
internal static class PngImage
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Width and height from the IHDR chunk, after checking the PNG signature.</summary>
    public static (int Width, int Height) Size(byte[] png)
    {
        Assert.True(png.Length > 33, $"{png.Length} bytes is too short for a PNG.");
        Assert.Equal(Signature, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    /// <summary>The decoded image (SkiaSharp's own PNG decoder).</summary>
    public static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new InvalidOperationException("SkiaSharp could not decode the PNG.");

    /// <summary>The colour at a plot pixel (as <see cref="Plot.GetPixel(Coordinates)"/> gives it after rendering).</summary>
    public static SKColor At(SKBitmap bitmap, Pixel pixel) => bitmap.GetPixel((int)Math.Round(pixel.X), (int)Math.Round(pixel.Y));

    /// <summary>Perceived brightness, 0 (black) to 255 (white).</summary>
    public static double Luminance(SKColor c) => 0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue;
}
