using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNetSer.Training;

/// <summary>
/// Everything needed to continue a run after its last completed epoch: current weights, optimizer state,
/// best weights, early-stopping counters, history and the run's fingerprint.
/// </summary>
/// <remarks>
/// File layout: the magic <c>MLNSCKP1</c>, a length-prefixed UTF-8 JSON header, four length-prefixed
/// binary blocks (TorchSharp module state, best module state, TorchSharp optimizer state, the weight average's module
/// state or nothing; a checkpoint written before the fourth block existed has three) and a SHA-256
/// of all preceding bytes, so truncation or corruption is detected rather than silently loaded. It is
/// written to a temporary file in the same folder, flushed to disk and renamed over the old one, so a
/// process killed at any moment leaves either the previous or the new checkpoint.
/// </remarks>
internal sealed class TrainingCheckpoint
{
    /// <summary>The checkpoint's file name inside <see cref="TrainerOptions.CheckpointDirectory"/>.</summary>
    public const string FileName = "training.ckpt";

    private static readonly byte[] Magic = "MLNSCKP1"u8.ToArray();

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    public required CheckpointHeader Header { get; init; }

    public required byte[] Weights { get; init; }

    public required byte[] BestWeights { get; init; }

    public required byte[] OptimizerState { get; init; }

    /// <summary>The <see cref="WeightAverage"/>'s module state; empty when the run averages no weights.</summary>
    public byte[] AverageWeights { get; init; } = [];

    public static string PathIn(string directory) => Path.Combine(Path.GetFullPath(directory), FileName);

    public void Write(string directory)
    {
        var path = PathIn(directory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            using (var hashing = new HashingStream(file))
            {
                using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
                {
                    writer.Write(Magic);
                    WriteBlock(writer, JsonSerializer.SerializeToUtf8Bytes(Header, Json));
                    WriteBlock(writer, Weights);
                    WriteBlock(writer, BestWeights);
                    WriteBlock(writer, OptimizerState);
                    WriteBlock(writer, AverageWeights);
                }

                file.Write(hashing.Hash());
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Reads the checkpoint in <paramref name="directory"/>; null when there is none.</summary>
    /// <exception cref="TrainingCheckpointException">The file is truncated, corrupt or of another format.</exception>
    public static TrainingCheckpoint? Read(string directory)
    {
        var path = PathIn(directory);
        RemoveStaleTemporaries(path);
        if (!File.Exists(path))
            return null;

        const string advice = " Delete it (or choose another checkpoint folder) to start the run over.";
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 32 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new TrainingCheckpointException(path, "not an MlNetSer training checkpoint (bad magic or too short)." + advice);
        var body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
            throw new TrainingCheckpointException(path, "the checkpoint is truncated or corrupt (checksum mismatch)." + advice);

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length, body.Length - Magic.Length));
            var header = JsonSerializer.Deserialize<CheckpointHeader>(ReadBlock(reader), Json)
                ?? throw new InvalidDataException("empty header");
            return new TrainingCheckpoint
            {
                Header = header,
                Weights = ReadBlock(reader),
                BestWeights = ReadBlock(reader),
                OptimizerState = ReadBlock(reader),
                AverageWeights = reader.BaseStream.Position < reader.BaseStream.Length ? ReadBlock(reader) : [],
            };
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or JsonException)
        {
            throw new TrainingCheckpointException(path, $"the checkpoint cannot be read ({e.Message})." + advice, e);
        }
    }

    /// <summary>
    /// Deletes temporary files left by writers that were killed mid-write (their process is gone); a
    /// live process's file is left alone.
    /// </summary>
    private static void RemoveStaleTemporaries(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
            return;
        foreach (var temporary in Directory.EnumerateFiles(directory, $"{FileName}.*.tmp"))
        {
            var pidText = Path.GetFileName(temporary)[(FileName.Length + 1)..^".tmp".Length];
            if (int.TryParse(pidText, out var pid) && pid != Environment.ProcessId && !IsRunning(pid))
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (IOException)
                {
                    // Harmless: it is only wasted space.
                }
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void WriteBlock(BinaryWriter writer, byte[] block)
    {
        writer.Write((long)block.Length);
        writer.Write(block);
    }

    private static byte[] ReadBlock(BinaryReader reader)
    {
        var length = reader.ReadInt64();
        if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new InvalidDataException($"block length {length} runs past the end");
        return reader.ReadBytes((int)length);
    }

    /// <summary>The JSON part of a checkpoint.</summary>
    internal sealed record CheckpointHeader(
        string Fingerprint,
        int CompletedEpochs,
        int BestEpoch,
        double BestAccuracy,
        double BestLoss,
        int EpochsWithoutImprovement,
        bool Finished,
        bool StoppedEarly,
        IReadOnlyList<EpochStatistics> History);

    /// <summary>A write-only stream that hashes what passes through it.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Hash() => _hash.GetHashAndReset();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
