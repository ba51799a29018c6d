using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using MlNetSer.Features;
using MlNetSer.Models;
using MlNetSer.Training;

namespace MlNetSer.Tests.Training;

/// <summary>
/// A separable toy problem: utterances of 125-sample segments of a sine tone, low (class 0) or high
/// (class 1) frequency, random phase and amplitude, two utterances per class and speaker.
/// </summary>
internal static class ToySegments
{
    public const int SegmentLength = 125;

    public static List<LabeledUtterance> Utterances(int speakers, int utterancesPerSpeaker, int segmentsPerUtterance, int seed, string speakerPrefix = "spk")
    {
        var random = new Random(seed);
        var list = new List<LabeledUtterance>();
        for (var s = 0; s < speakers; s++)
        {
            for (var u = 0; u < utterancesPerSpeaker; u++)
            {
                var label = u % 2;
                var data = new float[segmentsPerUtterance * SegmentLength];
                for (var k = 0; k < segmentsPerUtterance; k++)
                {
                    var frequency = (label == 0 ? 0.03 : 0.2) + random.NextDouble() * 0.03;
                    var phase = random.NextDouble() * 2 * Math.PI;
                    var amplitude = 64 + random.NextDouble() * 192;
                    for (var t = 0; t < SegmentLength; t++)
                        data[k * SegmentLength + t] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * t + phase));
                }

                list.Add(new LabeledUtterance($"{speakerPrefix}{s}-utt{u}", new SegmentTensor(data, segmentsPerUtterance, [1, SegmentLength]), label, $"{speakerPrefix}{s}"));
            }
        }

        return list;
    }

    /// <summary>A small 1D CNN (narrow hidden layers keep the tests fast).</summary>
    public static SerNetwork SmallNetwork() => new Cnn1d(new Cnn1dOptions { Classes = 2, SegmentLength = SegmentLength, Hidden1 = 64, Hidden2 = 32 });

    /// <summary>Writes the utterances as the train-network command's input: a float32 .npy and the CSV manifest.</summary>
    public static void WriteCommandInput(IReadOnlyList<LabeledUtterance> utterances, string npyPath, string csvPath)
    {
        var total = utterances.Sum(u => u.Segments.Count);
        WriteNpy(npyPath, [total, 1, SegmentLength], utterances.SelectMany(u => u.Segments.Data).ToArray());
        var csv = new StringBuilder("utterance,label,speaker,segments\n");
        foreach (var u in utterances)
            csv.Append(CultureInfo.InvariantCulture, $"{u.Id},{(u.Label == 0 ? "calm" : "excited")},{u.Speaker},{u.Segments.Count}\n");
        File.WriteAllText(csvPath, csv.ToString());
    }

    public static void WriteNpy(string path, long[] shape, float[] data)
    {
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({string.Join(", ", shape)},), }}";
        var padded = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
        using var file = File.Create(path);
        file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        file.Write(BitConverter.GetBytes((ushort)padded.Length));
        file.Write(Encoding.Latin1.GetBytes(padded));
        file.Write(MemoryMarshal.AsBytes(data.AsSpan()));
    }
}
