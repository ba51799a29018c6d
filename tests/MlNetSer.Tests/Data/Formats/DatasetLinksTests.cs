using MlNetSer.Cli;
using MlNetSer.Data;
using MlNetSer.Data.Formats;

namespace MlNetSer.Tests.Data.Formats;

/// <summary>
/// A dataset folder's links and special files: links to folders are not followed (loops included), a file reached
/// through links is listed once, FIFOs are reported without being opened; each is reported.
/// </summary>
public sealed class DatasetLinksTests
{
    [Fact]
    public void ALinkToAParentFolderIsNotFollowed_OneFileIsOneRow()
    {
        using var corpus = new FakeCorpus().Wav("r/anger/s1_a.wav");
        var up = corpus.PathOf("r/anger/up");
        Directory.CreateSymbolicLink(up, "..");
        var csv = corpus.PathOf("r.csv");

        var result = CliRunner.InProcess("dataset", corpus.PathOf("r"), "--format", "folders", "--out", csv, "--no-audio-check");

        Assert.Equal(ExitCodes.SomeInputsFailed, result.ExitCode);
        var manifest = SerManifest.Read(csv);
        Assert.Equal([corpus.PathOf("r/anger/s1_a.wav")], manifest.Entries.Select(e => e.Path));
        Assert.Single(manifest.Speakers);
        Assert.Contains($"warning: skipped {up}: is a link to a folder; links to folders are not followed", result.ErrorLines);
    }

    [Fact]
    public void AFileReachedThroughALinkIsListedOnce_TheRealFileWins()
    {
        using var corpus = new FakeCorpus().Wav("joy/b.wav");
        var link = corpus.PathOf("joy/a.wav");
        File.CreateSymbolicLink(link, corpus.PathOf("joy/b.wav"));
        using var elsewhere = new TempDirectory();
        File.CreateSymbolicLink(corpus.PathOf("joy/c.wav"), TestWav.Write(elsewhere.Path, "c.wav", 0.02, sampleRate: 16000));

        var scan = DatasetFormats.Scan(corpus.Root, "folders", new DatasetReadOptions { AudioExtensions = [".wav"] });

        // joy/c.wav links to a file outside the dataset folder: read through the link.
        Assert.Equal([corpus.PathOf("joy/b.wav"), corpus.PathOf("joy/c.wav")], scan.Manifest.Entries.Select(e => e.Path));
        var problem = Assert.Single(scan.Manifest.Problems, p => p.File == link);
        Assert.Equal($"is the same file as {corpus.PathOf("joy/b.wav")} (through a link); a file is listed once", problem.Message);
    }

    [FifoFact]
    public void AFifoInTheFolderIsReportedAndNeverOpened()
    {
        using var corpus = new FakeCorpus().Wav("joy/a.wav");
        var fifo = SpecialFiles.MakeFifo(corpus.PathOf("joy/x.wav"));
        var csv = corpus.PathOf("d.csv");

        var result = SpecialFiles.WithoutBlocking(() => CliRunner.InProcess("dataset", corpus.Root, "--format", "folders", "--out", csv));

        Assert.Equal(ExitCodes.SomeInputsFailed, result.ExitCode);
        Assert.Contains($"warning: skipped {fifo}: is a named pipe (FIFO), not a regular file; only regular files are read", result.ErrorLines);
        Assert.Equal([corpus.PathOf("joy/a.wav")], SerManifest.Read(csv).Entries.Select(e => e.Path));
    }
}
