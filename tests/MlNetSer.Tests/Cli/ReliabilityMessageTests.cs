using MlNetSer.Features;
using MlNetSer.Cli;
using MlNetSer.IO;

namespace MlNetSer.Tests.Cli;

/// <summary>Messages that misled (#14): one line, about the file the user named, in the user's terms.</summary>
public sealed class ReliabilityMessageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void DoubleDashEndsTheOptions_SoAFileMayStartWithADash()
    {
        TestWav.Write(_dir.Path, "-rf.wav", 0.2);
        var cwd = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = _dir.Path;
            Assert.Equal(ExitCodes.Ok, CliRunner.InProcess("features", "--out", "o", "--", "-rf.wav").ExitCode);
            var unknown = CliRunner.InProcess("features", "--out", "p", "-rf.wav");
            Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
            Assert.Contains("Unrecognized option '-rf.wav'", unknown.Error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
        }

        Assert.True(File.Exists(_dir.File("o/features.json")));
    }

    [Fact]
    public void ANativeBacktraceAndAParameterNameStayOutOfTheLine()
    {
        var torch = new InvalidOperationException(
            "shape '[40000000000]' is invalid for input of size 3\nException raised from view_impl at /pytorch/aten/src/ATen/native/TensorShape.cpp:123 (most recent call first):\nframe #0: c10::Error::Error() + 0x1");
        var wrapped = new InvalidDataException("model.safetensors: cannot read the weights: speakers must not be empty. (Parameter 'speakers')");

        Assert.Equal("shape '[40000000000]' is invalid for input of size 3", CommandErrors.Describe(torch));
        Assert.Equal("model.safetensors: cannot read the weights: speakers must not be empty.", CommandErrors.Describe(wrapped));
    }

    [Fact]
    public void AnUnwritableDestination_IsNamed_NotTheHiddenTemporary()
    {
        var error = Assert.Throws<IOException>(() => AtomicFile.Write(_dir.File("out.csv"), temporary => throw new IOException($"Read-only file system : '{temporary}'")));

        Assert.Equal($"{_dir.File("out.csv")}: cannot be written: read-only file system", error.Message);
        Assert.Equal("permission denied", FileErrors.Reason(new UnauthorizedAccessException("Access to the path '/x/.y.tmp' is denied.")));
    }

    [Fact]
    public void ExperimentHelp_NamesOnlyFormatsThatExist()
    {
        var help = CliRunner.InProcess("experiment", "--help").Output;

        foreach (var format in System.Text.RegularExpressions.Regex.Matches(help, @"--format (\w+)").Select(m => m.Groups[1].Value))
            Assert.Contains(format, MlNetSer.Data.Formats.DatasetFormats.Names);
    }

    [FifoFact]
    public void TrainNetworkInputsThatAreFifos_AreRefusedWithoutWaiting()
    {
        var npy = SpecialFiles.MakeFifo(_dir.File("segments.npy"));
        var csv = SpecialFiles.MakeFifo(_dir.File("utterances.csv"));

        var npyError = SpecialFiles.WithoutBlocking(() => Assert.Throws<InvalidDataException>(() => NpyReader.Read(npy)));
        var csvError = SpecialFiles.WithoutBlocking(() => Assert.Throws<InvalidDataException>(() => MlNetSer.Training.UtteranceManifest.Read(csv)));

        Assert.Equal($"{npy}: is a named pipe (FIFO), not a regular file; only regular files are read.", npyError.Message);
        Assert.StartsWith($"{csv}: is a named pipe (FIFO)", csvError.Message, StringComparison.Ordinal);
    }
}
