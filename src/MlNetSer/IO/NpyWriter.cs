using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MlNetSer.IO;

/// <summary>
/// Writes a NumPy <c>.npy</c> file (format version 1.0, little-endian float32 <c>'&lt;f4'</c>, C order)
/// one item at a time, without knowing the leading dimension in advance. The header is reserved at a
/// fixed size large enough for any count and rewritten with the final shape by <see cref="Complete"/>.
/// Data goes to <c>&lt;path&gt;.tmp</c>, which <see cref="Complete"/> renames to <c>&lt;path&gt;</c>, so an
/// interrupted run never leaves a partial file under the final name.
/// </summary>
/// <example>
/// <code>
/// using var writer = new NpyWriter("wave1d.npy", [1, 625]);
/// foreach (var segment in segments) writer.WriteItem(segment);
/// writer.Complete(); // wave1d.npy now has shape (N, 1, 625)
/// </code>
/// </example>
public sealed class NpyWriter : IDisposable
{
    private const int BufferSize = 1 << 20;

    private readonly Stream _stream;
    private readonly IDisposable? _handle;
    private readonly int _headerLength;
    private readonly int[] _itemShape;
    private readonly long _itemSize;
    private long _valuesWritten;
    private bool _completed;
    private bool _disposed;

    /// <summary>
    /// Starts <paramref name="path"/> for items of shape <paramref name="itemShape"/> (the dimensions after
    /// the leading one; empty for a 1-D array of scalars). The file appears only when <see cref="Complete"/> runs.
    /// </summary>
    /// <exception cref="ArgumentException">A dimension is not positive.</exception>
    public NpyWriter(string path, IReadOnlyList<int> itemShape)
        : this(path, itemShape, OpenTemporary)
    {
    }

    /// <summary>Like the public constructor, with <paramref name="open"/> making the stream of the temporary file (tests use a failing one).</summary>
    internal NpyWriter(string path, IReadOnlyList<int> itemShape, Func<string, (Stream Stream, IDisposable? Handle)> open)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(itemShape);
        foreach (var dim in itemShape)
        {
            if (dim <= 0)
                throw new ArgumentException($"Every item dimension must be positive; got ({string.Join(", ", itemShape)}).", nameof(itemShape));
        }

        Path = System.IO.Path.GetFullPath(path);
        TemporaryPath = Path + ".tmp";
        _itemShape = [.. itemShape];
        _itemSize = _itemShape.Aggregate(1L, (a, b) => a * b);
        _headerLength = NpyFormat.ReservedHeaderLength(_itemShape);

        try
        {
            (_stream, _handle) = open(TemporaryPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw FileErrors.CannotWrite(Path, e);
        }

        try
        {
            _stream.Write(NpyFormat.EncodeHeader([0, .. _itemShape.Select(d => (long)d)], _headerLength));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The final file name (absolute).</summary>
    public string Path { get; }

    /// <summary>Where the data is written until <see cref="Complete"/> renames it.</summary>
    public string TemporaryPath { get; }

    /// <summary>The shape of one item (everything after the leading dimension).</summary>
    public IReadOnlyList<int> ItemShape => _itemShape;

    /// <summary>Complete items written so far (the leading dimension).</summary>
    public long Count => _valuesWritten / _itemSize;

    /// <summary>The shape written so far, [<see cref="Count"/>, ..<see cref="ItemShape"/>].</summary>
    public long[] Shape => [Count, .. _itemShape.Select(d => (long)d)];

    /// <summary>True once <see cref="Complete"/> has renamed the file into place.</summary>
    public bool IsCompleted => _completed;

    /// <summary>Appends exactly one item.</summary>
    /// <exception cref="ArgumentException"><paramref name="item"/> does not hold one item's worth of values.</exception>
    public void WriteItem(ReadOnlySpan<float> item)
    {
        if (item.Length != _itemSize)
            throw new ArgumentException($"An item of shape ({string.Join(", ", _itemShape)}) has {_itemSize} values; got {item.Length}.", nameof(item));
        Write(item);
    }

    /// <summary>
    /// Appends values in C order; they may cover several items or split one across calls, but the total
    /// must be a whole number of items by the time <see cref="Complete"/> runs.
    /// </summary>
    public void Write(ReadOnlySpan<float> values)
    {
        ThrowIfClosed();
        if (BitConverter.IsLittleEndian)
        {
            _stream.Write(MemoryMarshal.AsBytes(values));
        }
        else
        {
            Span<byte> four = stackalloc byte[4];
            foreach (var v in values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(four, v);
                _stream.Write(four);
            }
        }

        _valuesWritten += values.Length;
    }

    /// <summary>
    /// Writes the final shape into the reserved header, flushes to disk and renames the temporary file
    /// to <see cref="Path"/>, replacing any file already there.
    /// </summary>
    /// <exception cref="InvalidOperationException">The values written do not form a whole number of items.</exception>
    public void Complete()
    {
        ThrowIfClosed();
        if (_valuesWritten % _itemSize != 0)
            throw new InvalidOperationException($"{Path}: {_valuesWritten} values is not a whole number of items of {_itemSize}.");

        _stream.Position = 0;
        _stream.Write(NpyFormat.EncodeHeader(Shape, _headerLength));
        if (_stream is FileStream file)
            file.Flush(flushToDisk: true);
        else
            _stream.Flush();
        _stream.Dispose();
        _handle?.Dispose();
        File.Move(TemporaryPath, Path, overwrite: true);
        TemporaryFiles.Forget(TemporaryPath);
        _completed = true;
    }

    /// <summary>
    /// Closes the file. Without a prior <see cref="Complete"/> the run counts as abandoned (an exception
    /// or cancellation interrupted it): the temporary file is deleted and <see cref="Path"/> is left untouched.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_completed)
            return;

        // Closing flushes the buffer, which fails on a full disk: the file must go all the same, or the space stays
        // taken and later files that would fit fail too.
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
        }
        finally
        {
            _handle?.Dispose();
            DeleteTemporary();
        }
    }

    private void DeleteTemporary()
    {
        try
        {
            File.Delete(TemporaryPath);
            TemporaryFiles.Forget(TemporaryPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the partial data is only ever under the .tmp name, which the next run into this folder reuses.
        }
    }

    // The stream sits on a handle of our own, closed even when closing the stream throws (flushing onto a full disk).
    private static (Stream Stream, IDisposable? Handle) OpenTemporary(string temporaryPath)
    {
        var handle = File.OpenHandle(temporaryPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        TemporaryFiles.Remember(temporaryPath);
        return (new FileStream(handle, FileAccess.ReadWrite, BufferSize), handle);
    }

    private void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
            throw new InvalidOperationException($"{Path} is already complete.");
    }
}
