using MlNetSer.Tests.TestSupport;

namespace MlNetSer.Tests.Pipeline;

/// <summary>
/// A toy three-class corpus: tones at 220, 880 and 2640 Hz ("anger", "joy", "sad" by convention) pitched a
/// little per speaker, with noise; six speakers × three classes × <c>perSpeaker</c> one-second WAV files and a
/// manifest with a split column: speakers s1–s5 <c>train</c>, s6 <c>test</c>.
/// </summary>
internal sealed class PipelineCorpus : IDisposable
{
    public const int SampleRate = 22050;
    public static readonly string[] Labels = ["anger", "joy", "sad"];
    private static readonly double[] Pitches = [220, 880, 2640];

    public PipelineCorpus(int perSpeaker = 3, double seconds = 1.0)
    {
        var lines = new List<string> { "path,label,speaker,split" };
        for (var speaker = 1; speaker <= 6; speaker++)
        {
            for (var c = 0; c < Labels.Length; c++)
            {
                for (var i = 0; i < perSpeaker; i++)
                {
                    var name = $"s{speaker}-{Labels[c]}-{i}.wav";
                    var seed = speaker * 100 + c * 10 + i;
                    new WavBuilder { SampleRate = SampleRate, Data = WavBuilder.Int16(Tone(Pitches[c] * (1 + 0.02 * speaker + 0.01 * i), seconds, seed)) }
                        .WriteTo(Folder.Path, name);
                    lines.Add($"{name},{Labels[c]},s{speaker},{(speaker == 6 ? "test" : "train")}");
                }
            }
        }

        ManifestPath = Folder.File("manifest.csv");
        File.WriteAllLines(ManifestPath, lines);
    }

    public TempDirectory Folder { get; } = new();

    public string ManifestPath { get; }

    /// <summary>Writes a copy of the manifest with one more row naming a file that does not exist.</summary>
    public string ManifestWithMissingFile()
    {
        var path = Folder.File("with-missing.csv");
        File.WriteAllLines(path, File.ReadAllLines(ManifestPath).Append("missing.wav,joy,s1,train"));
        return path;
    }

    public void Dispose() => Folder.Dispose();

    private static float[] Tone(double pitch, double seconds, int seed)
    {
        var random = new Random(seed);
        var phase = random.NextDouble() * 2 * Math.PI;
        var samples = new float[(int)Math.Round(seconds * SampleRate)];
        for (var n = 0; n < samples.Length; n++)
            samples[n] = (float)(0.5 * Math.Sin(2 * Math.PI * pitch * n / SampleRate + phase) + 0.05 * (random.NextDouble() - 0.5));
        return samples;
    }
}
