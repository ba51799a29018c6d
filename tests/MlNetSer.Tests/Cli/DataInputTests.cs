using System.CommandLine;
using MlNetSer.Cli;
using MlNetSer.Data;
using MlNetSer.Tests.Data.Formats;

namespace MlNetSer.Tests.Cli;

public sealed class DataInputTests
{
    // Runs a bare command carrying the DataInput options, returning what Read gave and what it printed.
    private static (int ExitCode, SerManifest? Manifest, string Output, string Error) Read(params string[] args)
    {
        var data = DataInput.Create();
        var command = new Command("probe");
        data.AddTo(command);
        SerManifest? manifest = null;
        command.SetAction(parse =>
        {
            manifest = data.Read(parse);
            return 0;
        });
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = command.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, manifest, output.ToString(), error.ToString());
    }

    [Fact]
    public void LabelsCutACsvManifestAndSayWhatWasLeftOut()
    {
        using var corpus = new FakeCorpus().Wav("a.wav", "b.wav", "c.wav", "d.wav");
        var csv = corpus.PathOf("m.csv");
        File.WriteAllText(csv, "path,label,speaker\na.wav,happy,s1\nb.wav,ang,s1\nc.wav,calm,s2\nd.wav,frustrated,s2\n");

        var (code, manifest, output, _) = Read("--data", csv, "--labels", "anger,joy");

        Assert.Equal(0, code);
        Assert.Equal(["ang", "happy"], manifest!.Labels);
        Assert.Contains("--labels anger,joy: 2 utterance(s) kept, left out: calm 1, frustrated 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderWithFormatIsReadAsThatCorpusWithTheLabelSubset()
    {
        using var corpus = new FakeCorpus().Wav("wav/03a01Fa.wav", "wav/03a01Wa.wav", "wav/08b10Lb.wav");

        var (code, manifest, output, _) = Read("--data", corpus.Root, "--format", "EmoDB", "--labels", "joy,boredom");

        Assert.Equal(0, code);
        Assert.Equal(["boredom", "joy"], manifest!.Labels);
        Assert.Equal(["03", "08"], manifest.Speakers);
        Assert.Contains("2 utterance(s) kept, left out: anger 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderWithoutFormatOrAFormatWithAFileIsAParseError()
    {
        using var corpus = new FakeCorpus().Wav("wav/03a01Fa.wav");
        var csv = corpus.PathOf("m.csv");
        File.WriteAllText(csv, "path,label,speaker\nwav/03a01Fa.wav,joy,03\n");

        Assert.NotEqual(0, Read("--data", corpus.Root).ExitCode);
        Assert.NotEqual(0, Read("--data", csv, "--format", "emodb").ExitCode);
        Assert.NotEqual(0, Read("--data", corpus.Root, "--format", "iemocap").ExitCode);
        Assert.Null(Read("--data", corpus.Root).Manifest);
    }
}
