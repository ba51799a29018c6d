using System.IO.Hashing;
using System.Runtime.InteropServices;
using MlNetSer.IO;

namespace MlNetSer.Features.Store;

/// <summary>
/// A store could not be written (disk full, no permission): unlike a bad audio file this stops the whole batch, since
/// every other file would fail the same way.
/// </summary>
internal sealed class SegmentStoreWriteException(string path, Exception inner) : IOException(FileErrors.CannotWrite(path, inner).Message, inner);

/// <summary>
/// Streams one entry file: segments go to a temporary file beside the entry (named as <see cref="AtomicFile"/> names
/// them, with the writing process's id, so a later run can tell a killed writer's leftover from a live one), and
/// <see cref="Commit"/> completes the header and renames it into place. Disposing without committing deletes it.
/// </summary>
internal sealed class SegmentEntryWriter : IDisposable
{
    private const int BufferSize = 1 << 16;

    private readonly SegmentStoreKey _key;
    private readonly int[] _shape;
    private readonly string _temporary;
    private readonly FileStream _stream;
    private readonly XxHash3 _checksum = new();
    private long _count;
    private bool _closed;

    public SegmentEntryWriter(SegmentStoreKey key, int[] shape)
    {
        _key = key;
        _shape = shape;
        _temporary = AtomicFile.TemporaryPath(key.EntryPath, Environment.ProcessId);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(key.EntryPath)!);
            TemporaryFiles.Remember(_temporary);
            _stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize);
            _stream.Write(SegmentEntryFormat.EncodeHeader(key.Json, shape, 0, 0, 0));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TemporaryFiles.Forget(_temporary);
            throw new SegmentStoreWriteException(key.EntryPath, e);
        }
    }

    public void Append(ReadOnlySpan<float> segment)
    {
        var bytes = MemoryMarshal.AsBytes(segment);
        _checksum.Append(bytes);
        try
        {
            _stream.Write(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SegmentStoreWriteException(_key.EntryPath, e);
        }

        _count++;
    }

    /// <summary>Completes the header and publishes the entry under its final name (replacing an outdated one).</summary>
    public SegmentEntryHeader Commit(long sampleCount)
    {
        var header = SegmentEntryFormat.EncodeHeader(_key.Json, _shape, _count, sampleCount, _checksum.GetCurrentHashAsUInt64());
        try
        {
            // No fsync: a file torn by a power cut fails its length or checksum check and is computed again.
            _stream.Position = 0;
            _stream.Write(header);
            _stream.Dispose();
            File.Move(_temporary, _key.EntryPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SegmentStoreWriteException(_key.EntryPath, e);
        }

        _closed = true;
        TemporaryFiles.Forget(_temporary);
        return new SegmentEntryHeader(header.Length, _count, sampleCount, _checksum.GetCurrentHashAsUInt64(), _shape, _key.Json);
    }

    public void Dispose()
    {
        if (_closed)
            return;
        _closed = true;
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // Flushing onto a full disk fails; the file goes all the same.
        }

        AtomicFile.TryDelete(_temporary);
        TemporaryFiles.Forget(_temporary);
    }
}

/// <summary>Routes a <see cref="StreamingFeatureExtractor"/>'s segments to the entry writers of the kinds being computed.</summary>
internal sealed class SegmentStoreSink(IReadOnlyDictionary<SegmentKind, SegmentEntryWriter> writers) : IFeatureSink, IDisposable
{
    private readonly SegmentEntryWriter? _waveform = writers.GetValueOrDefault(SegmentKind.Waveform);
    private readonly SegmentEntryWriter? _mel = writers.GetValueOrDefault(SegmentKind.Mel);
    private readonly SegmentEntryWriter? _clip = writers.GetValueOrDefault(SegmentKind.Clip);

    public IReadOnlyDictionary<SegmentKind, SegmentEntryWriter> Writers => writers;

    public void OnWaveformSegment(ReadOnlySpan<float> segment) => _waveform?.Append(segment);

    public void OnMelSegment(ReadOnlySpan<float> segment) => _mel?.Append(segment);

    public void OnClip(ReadOnlySpan<float> clip) => _clip?.Append(clip);

    public void Dispose()
    {
        foreach (var writer in writers.Values)
            writer.Dispose();
    }
}
