using System.Diagnostics;
using System.Runtime.ExceptionServices;
using MlNetSer.Audio;
using MlNetSer.IO;

namespace MlNetSer.Features.Store;

/// <summary>
/// An on-disk cache of the three input tensors: each tensor of each audio file is computed once (for given feature
/// options) and kept as one float32 entry file in <see cref="SegmentStoreOptions.Directory"/>, which training then reads
/// through memory maps instead of holding a corpus's tensors in memory.
/// </summary>
/// <remarks>
/// <para>
/// Values are those of <c>SerLoadAudio</c> → <c>SerWaveformSegments</c> / <c>SerMelSegments</c> / <c>SerMelClips</c>,
/// bit for bit: the file is decoded by the same <see cref="AudioReader"/> stream and cut by the same streaming segmenters
/// (<see cref="StreamingFeatureExtractor"/>), one block at a time, so a worker's memory does not depend on the file's
/// length nor the corpus's size.
/// </para>
/// <para>
/// Key and invalidation: an entry records the audio file's full path, size and last write time, the options that make its
/// kind and the store format version, and is used only when all of them match (see <c>docs/segment-store.md</c>); a changed
/// recording replaces its entry. Safety: an entry is written under a temporary name holding the writer's process id and
/// renamed into place when complete; a reader checks its header, key, length and (by default) checksum, so a partial,
/// truncated or corrupt entry is never used but computed again. Temporary files of processes that no longer run are
/// deleted by the next <see cref="Populate"/>. Any number of processes may read the store at once; two writing the same
/// entry at once waste work but leave a complete entry (the last rename wins). The folder may be deleted whenever no run
/// uses it.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var store = new SegmentStore(new SegmentStoreOptions { Directory = "cache/segments" });
/// var result = store.Populate(manifest.Entries.Select(e => e.Path).ToArray(), [SegmentKind.Clip], progress);
/// foreach (var failure in result.Failures) Console.Error.WriteLine($"error: {failure}");
/// </code>
/// </example>
public sealed class SegmentStore
{
    private const int ReadBlockSamples = 1 << 15;

    private readonly SegmentStoreOptions _options;

    /// <summary>Opens (or prepares to create) the store described by <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    /// <exception cref="PlatformNotSupportedException">The machine is big-endian (entries are little-endian float32, mapped as they are).</exception>
    public SegmentStore(SegmentStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("The segment store needs a little-endian machine.");
        _options = options;
        Directory = Path.GetFullPath(options.Directory);
    }

    /// <summary>The store's folder (full path).</summary>
    public string Directory { get; }

    /// <summary>The feature options the entries are made with.</summary>
    public FeatureOptions Features => _options.Features;

    /// <summary>
    /// Makes sure every file of <paramref name="paths"/> has a valid entry of each of <paramref name="kinds"/>, computing
    /// the missing or outdated ones on <see cref="SegmentStoreOptions.Threads"/> threads. A file that cannot be read is
    /// reported in <see cref="SegmentStoreResult.Failures"/> and the batch goes on.
    /// </summary>
    /// <param name="paths">Audio files (relative paths are taken from the current folder).</param>
    /// <param name="kinds">The tensors wanted.</param>
    /// <param name="progress">Receives a report after every file (from the worker threads, one at a time).</param>
    /// <param name="cancellationToken">Stops the batch; entries being written are deleted, finished ones stay.</param>
    /// <exception cref="ArgumentException">No kind was asked for.</exception>
    /// <exception cref="IOException">The store itself cannot be written (the message names the entry and the reason).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public SegmentStoreResult Populate(
        IReadOnlyList<string> paths,
        IEnumerable<SegmentKind> kinds,
        IProgress<SegmentStoreProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(kinds);
        var wanted = kinds.Distinct().Order().ToArray();
        if (wanted.Length == 0)
            throw new ArgumentException("Ask for at least one segment kind.", nameof(kinds));
        foreach (var kind in wanted)
        {
            if (!Enum.IsDefined(kind))
                throw new ArgumentOutOfRangeException(nameof(kinds), kind, "Unknown segment kind.");
        }

        var leftovers = RemoveLeftovers();
        var files = new SegmentStoreFile?[paths.Count];
        var problems = new string?[paths.Count];
        var tally = new PopulationTally(paths.Count, progress);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.EffectiveThreads, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, paths.Count, parallel, () => new Worker(this), (i, _, worker) =>
            {
                (files[i], problems[i]) = worker.Store(paths[i], wanted, cancellationToken);
                tally.FileDone(files[i], problems[i] is not null);
                return worker;
            }, _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The first failure as itself (e.g. the store's IOException naming the entry), not wrapped.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        var failures = paths.Select((p, i) => problems[i] is { } problem ? new SegmentStoreFailure(p, problem) : null).OfType<SegmentStoreFailure>().ToArray();
        var computed = files.Count(f => f is { Computed: true });
        return new SegmentStoreResult(files, failures, computed, files.Count(f => f is { Computed: false }),
            files.Where(f => f is { Computed: true }).Sum(f => f!.DurationSeconds), tally.Elapsed, leftovers);
    }

    /// <summary>The valid entry of <paramref name="kind"/> for <paramref name="path"/> as the file is now, or null (nothing is computed).</summary>
    /// <param name="path">An audio file.</param>
    /// <param name="kind">The tensor.</param>
    public SegmentStoreEntry? TryGet(string path, SegmentKind kind)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        return SourceStamp.Read(full) is { } stamp ? TryOpen(KeyOf(stamp, kind), full, kind, out _) : null;
    }

    /// <summary>
    /// Deletes the temporary files that runs killed while writing left in the store (those of running processes stay);
    /// returns how many. <see cref="Populate"/> calls it first.
    /// </summary>
    public int RemoveLeftovers()
    {
        if (!System.IO.Directory.Exists(Directory))
            return 0;
        var removed = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, MatchCasing = MatchCasing.CaseSensitive };
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.tmp", options))
        {
            if (AtomicFile.IsLeftover(file, out _) && AtomicFile.TryDelete(file))
                removed++;
        }

        return removed;
    }

    private SegmentStoreKey KeyOf(SourceStamp source, SegmentKind kind) => SegmentStoreKey.For(Directory, source, kind, _options.Features);

    /// <summary>The entry at <paramref name="key"/> if it is complete and made from exactly that key; an unusable one is deleted.</summary>
    private SegmentStoreEntry? TryOpen(SegmentStoreKey key, string source, SegmentKind kind, out long sampleCount)
    {
        sampleCount = 0;
        SegmentEntryHeader? header;
        try
        {
            using var file = new FileStream(key.EntryPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1);
            header = SegmentEntryFormat.TryReadHeader(file, out _);
            if (header is not null && (header.Key != key.Json || !header.SegmentShape.SequenceEqual(SegmentKinds.SegmentShape(kind, _options.Features))
                                       || (_options.VerifyChecksums && SegmentEntryFormat.ComputeChecksum(file, header.HeaderLength) != header.Checksum)))
                header = null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            header = null;
        }

        if (header is null || header.SegmentCount > int.MaxValue)
        {
            // Outdated, partial or corrupt: it is about to be replaced, and must never be read meanwhile.
            AtomicFile.TryDelete(key.EntryPath);
            return null;
        }

        sampleCount = header.SampleCount;
        return new SegmentStoreEntry(source, kind, key.EntryPath, header.HeaderLength, (int)header.SegmentCount, header.SegmentShape);
    }

    /// <summary>One thread's state: its extractors (FFT and filterbank tables built once) and read buffer.</summary>
    private sealed class Worker(SegmentStore store)
    {
        private readonly float[] _block = new float[ReadBlockSamples];
        private readonly Dictionary<string, StreamingFeatureExtractor> _extractors = [];

        public (SegmentStoreFile? File, string? Problem) Store(string path, SegmentKind[] kinds, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(path))
                return (null, "no file name was given");
            try
            {
                return (StoreFile(Path.GetFullPath(path), kinds, cancellationToken), null);
            }
            catch (AudioDecodingException e)
            {
                return (null, e.Problem);
            }
            catch (SegmentStoreWriteException)
            {
                throw;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return (null, $"cannot be read: {e.Message}");
            }
        }

        private SegmentStoreFile StoreFile(string path, SegmentKind[] kinds, CancellationToken cancellationToken)
        {
            var stamp = Stamp(path);
            var entries = new Dictionary<SegmentKind, SegmentStoreEntry>();
            var missing = new Dictionary<SegmentKind, SegmentStoreKey>();
            long samples = 0;
            foreach (var kind in kinds)
            {
                var key = store.KeyOf(stamp, kind);
                if (store.TryOpen(key, path, kind, out var entrySamples) is { } entry)
                {
                    entries[kind] = entry;
                    samples = entrySamples;
                }
                else
                {
                    missing[kind] = key;
                }
            }

            if (missing.Count > 0)
                samples = Compute(path, stamp, missing, entries, cancellationToken);
            return new SegmentStoreFile(path, samples / (double)store.Features.Mel.SampleRate, missing.Count > 0, entries);
        }

        private long Compute(string path, SourceStamp stamp, Dictionary<SegmentKind, SegmentStoreKey> missing,
            Dictionary<SegmentKind, SegmentStoreEntry> entries, CancellationToken cancellationToken)
        {
            var features = store.Features;
            using var sink = new SegmentStoreSink(missing.ToDictionary(m => m.Key, m => new SegmentEntryWriter(m.Value, SegmentKinds.SegmentShape(m.Key, features))));
            var extractor = Extractor(missing.Keys, sink);
            long samples = 0;
            using (var audio = AudioReader.Open(path, features.Mel.SampleRate))
            {
                int read;
                while ((read = audio.Read(_block)) > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    extractor.Push(_block.AsSpan(0, read));
                    samples += read;
                }
            }

            extractor.Complete();
            // The key describes the file as it was before reading; a file rewritten meanwhile would be stored under the wrong key.
            if (SourceStamp.Read(path) != stamp)
                throw new AudioDecodingException(path, "the file changed while it was read; run again");
            foreach (var (kind, writer) in sink.Writers)
            {
                var header = writer.Commit(samples);
                entries[kind] = new SegmentStoreEntry(path, kind, missing[kind].EntryPath, header.HeaderLength, checked((int)header.SegmentCount), header.SegmentShape);
            }

            return samples;
        }

        private StreamingFeatureExtractor Extractor(IEnumerable<SegmentKind> kinds, IFeatureSink sink)
        {
            var set = kinds.ToHashSet();
            var name = string.Join(',', set.Order());
            if (!_extractors.TryGetValue(name, out var extractor))
            {
                _extractors[name] = extractor = new StreamingFeatureExtractor(store.Features, sink,
                    set.Contains(SegmentKind.Waveform), set.Contains(SegmentKind.Mel), set.Contains(SegmentKind.Clip));
            }

            extractor.Reset(sink);
            return extractor;
        }

        // What AudioReader would say about anything but a regular file (missing, a folder, a FIFO), then its stamp.
        private static SourceStamp Stamp(string path)
        {
            if (FileKinds.Of(path) != FileKind.Regular)
                AudioReader.Open(path).Dispose();
            return SourceStamp.Read(path) ?? throw new AudioDecodingException(path, "file not found");
        }
    }

    /// <summary>Counts finished files for the progress reports; the workers report one at a time.</summary>
    private sealed class PopulationTally(int total, IProgress<SegmentStoreProgress>? progress)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly object _lock = new();
        private int _done;
        private int _reused;
        private int _failed;
        private double _audioSeconds;

        public TimeSpan Elapsed => _clock.Elapsed;

        public void FileDone(SegmentStoreFile? file, bool failed)
        {
            lock (_lock)
            {
                _done++;
                if (failed)
                    _failed++;
                else if (file is { Computed: false })
                    _reused++;
                else
                    _audioSeconds += file!.DurationSeconds;
                progress?.Report(new SegmentStoreProgress(_done, total, _reused, _failed, _audioSeconds, _clock.Elapsed));
            }
        }
    }
}
