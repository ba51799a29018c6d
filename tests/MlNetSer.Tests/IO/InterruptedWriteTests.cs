using MlNetSer.Features;
using MlNetSer.IO;

namespace MlNetSer.Tests.IO;

/// <summary>
/// A write that fails (a full disk) or a writer that was killed leaves nothing behind: the temporary file goes even
/// when closing it throws, and one left by a dead process is removed by the next write to the same place.
/// </summary>
public sealed class InterruptedWriteTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ADiskThatFillsUp_TheNpyTemporaryIsDeletedAlthoughClosingItThrows()
    {
        var path = _dir.File("wave1d.npy");
        var writer = new NpyWriter(path, [1, 625], temporary =>
        {
            var file = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1);
            return (new FullDiskStream(file, capacity: 10_000), file);
        });
        var segment = new float[625];

        Assert.Throws<IOException>(() =>
        {
            for (var i = 0; i < 100; i++)
                writer.WriteItem(segment);
        });
        writer.Dispose();

        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
        Assert.DoesNotContain(writer.TemporaryPath, TemporaryFiles.Current);
    }

    [Fact]
    public void ACompleteThatCannotFlush_LeavesNeitherTheFileNorItsTemporary()
    {
        var path = _dir.File("mel2d.npy");
        var writer = new NpyWriter(path, [4], temporary =>
        {
            var file = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1);
            return (new FullDiskStream(file, capacity: 1_000_000) { FailFlush = true }, file);
        });
        writer.WriteItem([1f, 2f, 3f, 4f]);

        Assert.Throws<IOException>(writer.Complete);
        writer.Dispose();

        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Fact]
    public void AWriterRegistersItsTemporaryUntilItIsRenamedIntoPlace()
    {
        using var writer = new NpyWriter(_dir.File("a.npy"), [2]);
        Assert.Contains(writer.TemporaryPath, TemporaryFiles.Current);

        writer.Complete();

        Assert.DoesNotContain(writer.TemporaryPath, TemporaryFiles.Current);
        Assert.True(File.Exists(_dir.File("a.npy")));
    }

    [Fact]
    public void AtomicWrite_RemovesTheTemporaryOfAKilledProcess_AndKeepsALiveOnesAndOtherFiles()
    {
        var model = _dir.File("model.zip");
        var dead = AtomicFile.TemporaryPath(model, DeadProcessId());
        var live = AtomicFile.TemporaryPath(model, Environment.ProcessId == 1 ? 2 : 1);
        var other = _dir.File(".other.zip.1234.tmp");
        foreach (var file in new[] { dead, live, other })
            File.WriteAllBytes(file, [1, 2, 3]);

        AtomicFile.WriteAllText(model, "new");

        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
        Assert.Equal("new", File.ReadAllText(model));
    }

    [Fact]
    public void AtomicWrite_AFailingWriterLeavesNoTemporary()
    {
        var model = _dir.File("model.zip");

        Assert.Throws<IOException>(() => AtomicFile.Write(model, temporary =>
        {
            File.WriteAllBytes(temporary, [1, 2, 3]);
            throw new IOException("No space left on device");
        }));

        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    // A pid that runs nothing: past the kernel's usual pid_max.
    private static int DeadProcessId() => 4_194_304 + 17;

    /// <summary>A stream over a file that refuses bytes past <c>capacity</c>, like a full disk, also when it is flushed or closed.</summary>
    private sealed class FullDiskStream(FileStream file, long capacity) : Stream
    {
        private long _pending;

        public bool FailFlush { get; init; }

        public override bool CanRead => false;

        public override bool CanSeek => true;

        public override bool CanWrite => true;

        public override long Length => file.Length;

        public override long Position { get => file.Position; set => file.Position = value; }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            // Bytes are "buffered" until the disk is full, then every write fails.
            if (file.Length + _pending + buffer.Length > capacity)
            {
                _pending += buffer.Length;
                throw new IOException("No space left on device");
            }

            file.Write(buffer);
        }

        public override void Flush()
        {
            if (FailFlush || _pending > 0)
                throw new IOException("No space left on device");
            file.Flush();
        }

        protected override void Dispose(bool disposing)
        {
            // Closing flushes what is buffered, which the full disk refuses: the file itself stays open.
            if (disposing)
                Flush();
            base.Dispose(disposing);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

        public override void SetLength(long value) => file.SetLength(value);
    }
}
