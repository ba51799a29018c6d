using System.Buffers.Binary;
using Microsoft.ML;

namespace MlNetSer.Tests.Scoring;

/// <summary>
/// A toy emotion corpus: two classes of tones ("low" around 220 Hz, "high" around 1760 Hz) with a little noise,
/// spread over four speakers, written as 16-bit mono WAV files at 22 050 Hz.
/// </summary>
internal sealed class ToneCorpus : IDisposable
{
    public const int SampleRate = 22050;

    public ToneCorpus(int utterancesPerClass, double seconds)
    {
        Directory.CreateDirectory(Folder);
        var rows = new List<Row>();
        for (var i = 0; i < utterancesPerClass; i++)
        {
            foreach (var (label, pitch) in new[] { ("low", 220.0), ("high", 1760.0) })
            {
                var path = Path.Combine(Folder, $"{label}-{i}.wav");
                File.WriteAllBytes(path, Tone(pitch * (1 + 0.03 * i), seconds, seed: rows.Count + 1));
                rows.Add(new Row { Path = path, Label = label, Speaker = $"spk{i % 4}" });
            }
        }

        Rows = rows;
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "mlnetser-scoring-" + Guid.NewGuid().ToString("N"));

    public IReadOnlyList<Row> Rows { get; }

    public string[] Paths => Rows.Select(r => r.Path).ToArray();

    public IDataView Load(MLContext mlContext) => mlContext.Data.LoadFromEnumerable(Rows);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private static byte[] Tone(double pitch, double seconds, int seed)
    {
        var frames = (int)Math.Round(seconds * SampleRate);
        var random = new Random(seed);
        var phase = random.NextDouble() * 2 * Math.PI;
        var bytes = new byte[44 + 2 * frames];
        var span = bytes.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + 2 * frames);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], 2 * frames);
        for (var i = 0; i < frames; i++)
        {
            var value = 0.5 * Math.Sin(2 * Math.PI * pitch * i / SampleRate + phase) + 0.05 * (random.NextDouble() - 0.5);
            BinaryPrimitives.WriteInt16LittleEndian(span[(44 + 2 * i)..], (short)Math.Round(value * 32767));
        }

        return bytes;
    }

    public sealed class Row
    {
        public string Path { get; set; } = "";

        public string Label { get; set; } = "";

        public string Speaker { get; set; } = "";
    }
}
