using System.Diagnostics;

namespace MlNetSer.Features;

/// <summary>
/// Measures how fast the three input tensors are made: synthetic 22 050 Hz audio (noise plus a few
/// tones, fixed by the seed) cut into short files, every tensor of every file extracted with the
/// default <see cref="FeatureOptions"/>, files spread over worker threads that each own one
/// <see cref="StreamingFeatureExtractor"/>. Synthesis and warm-up (JIT) are not timed.
/// </summary>
/// <remarks>
/// Each worker writes every segment and clip into output buffers it reuses from file to file, as an
/// ML.NET cursor reuses its output vectors from row to row, so the figure is the cost of making the
/// tensors rather than of the garbage collector paging in fresh memory for each file's arrays.
/// </remarks>
public static class FeatureBenchmark
{
    private const int SampleRate = 22050;
    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(500);

    /// <summary>Runs the benchmark.</summary>
    /// <param name="audioSeconds">Audio to process in seconds (cut into files of <paramref name="fileSeconds"/>; a shorter remainder becomes a last file).</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="fileSeconds">Length of each file in seconds.</param>
    /// <param name="seed">Seed of the synthetic audio.</param>
    public static FeatureBenchmarkResult Run(double audioSeconds = 600, int threads = 1, double fileSeconds = 3, int seed = 0)
    {
        if (!(audioSeconds > 0) || double.IsInfinity(audioSeconds))
            throw new ArgumentOutOfRangeException(nameof(audioSeconds), audioSeconds, "Need a positive number of seconds.");
        if (!(fileSeconds > 0) || double.IsInfinity(fileSeconds))
            throw new ArgumentOutOfRangeException(nameof(fileSeconds), fileSeconds, "Need a positive number of seconds.");
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);

        var options = new FeatureOptions();
        var files = Synthesize(audioSeconds, fileSeconds, seed);
        long totalSamples = files.Sum(f => (long)f.Length);

        var workers = Enumerable.Range(0, threads).Select(_ => new Worker(options)).ToArray();
        WarmUpJit(workers[0], files[0]);

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        ExtractAll(files, workers);
        wall.Stop();
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;

        double audio = (double)totalSamples / SampleRate;
        return new FeatureBenchmarkResult(audio, cpu, wall.Elapsed.TotalSeconds, cpu > 0 ? audio / cpu : double.PositiveInfinity,
            threads, files.Length, fileSeconds);
    }

    private static void ExtractAll(float[][] files, Worker[] workers)
    {
        int next = -1;
        var threads = workers.Select(worker => new Thread(() =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < files.Length)
                worker.Extract(files[index]);
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
    }

    // Tiered JIT compiles hot loops at full optimisation only after they have run for a while.
    private static void WarmUpJit(Worker worker, float[] file)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < WarmUp)
            worker.Extract(file);
    }

    /// <summary>One thread's extractor and the output buffers it fills again for every file.</summary>
    private sealed class Worker : IFeatureSink
    {
        private readonly StreamingFeatureExtractor _extractor;
        private float[] _waveform = [], _mel = [], _clips = [];
        private int _waveformUsed, _melUsed, _clipsUsed;

        public Worker(FeatureOptions options) => _extractor = new StreamingFeatureExtractor(options, this);

        public void Extract(float[] samples)
        {
            _waveformUsed = _melUsed = _clipsUsed = 0;
            _extractor.Push(samples);
            _extractor.Complete();
        }

        public void OnWaveformSegment(ReadOnlySpan<float> segment) => Append(ref _waveform, ref _waveformUsed, segment);

        public void OnMelSegment(ReadOnlySpan<float> segment) => Append(ref _mel, ref _melUsed, segment);

        public void OnClip(ReadOnlySpan<float> clip) => Append(ref _clips, ref _clipsUsed, clip);

        private static void Append(ref float[] buffer, ref int used, ReadOnlySpan<float> values)
        {
            if (used + values.Length > buffer.Length)
                Array.Resize(ref buffer, Math.Max(used + values.Length, 2 * buffer.Length));
            values.CopyTo(buffer.AsSpan(used));
            used += values.Length;
        }
    }

    private static float[][] Synthesize(double audioSeconds, double fileSeconds, int seed)
    {
        long total = (long)Math.Round(audioSeconds * SampleRate);
        int perFile = (int)Math.Max(1, Math.Round(fileSeconds * SampleRate));
        var files = new List<float[]>();
        for (long start = 0; start < total; start += perFile)
        {
            var random = new Random(HashCode.Combine(seed, files.Count));
            var samples = new float[(int)Math.Min(perFile, total - start)];
            var tones = Enumerable.Range(0, 3).Select(_ => (Hz: 80 + random.NextDouble() * 4000, Amplitude: 0.05 + 0.2 * random.NextDouble())).ToArray();
            for (int n = 0; n < samples.Length; n++)
            {
                double value = 0.05 * (random.NextDouble() * 2 - 1);
                foreach (var (hz, amplitude) in tones)
                    value += amplitude * Math.Sin(2 * Math.PI * hz * n / SampleRate);
                samples[n] = (float)value;
            }

            files.Add(samples);
        }

        return [.. files];
    }
}
