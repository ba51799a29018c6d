using MlNetSer.Audio;
using MlNetSer.Features.Store;
using MlNetSer.IO;

namespace MlNetSer.Features;

/// <summary>
/// Streams one input into a directory: <see cref="MonoAudioStream"/> → <see cref="StreamingFeatureExtractor"/>
/// → <see cref="NpyFeatureSink"/>, then <c>features.json</c> (<see cref="FeatureManifest"/>). Memory stays bounded by the
/// read buffer and the extractor's few pending segments, whatever the length of the input. What the <c>features</c>
/// command runs per file.
/// </summary>
public static class FeatureJob
{
    private const int ReadBufferSamples = 1 << 16;

    /// <summary>Decodes <paramref name="inputPath"/> and writes its tensors and manifest to <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="AudioDecodingException">The input cannot be decoded.</exception>
    public static FeatureManifest Run(string inputPath, string outputDirectory, FeatureOptions options)
    {
        var existed = Directory.Exists(outputDirectory);
        try
        {
            using var audio = AudioReader.Open(inputPath, options.Mel.SampleRate);
            return Run(audio, outputDirectory, options);
        }
        catch when (!existed)
        {
            // A failed input leaves no trace: not even the empty folder made for it.
            RemoveIfEmpty(outputDirectory);
            throw;
        }
    }

    /// <summary>Deletes <paramref name="directory"/> when it exists and holds nothing; best effort (a failed job's folder).</summary>
    /// <param name="directory">The folder.</param>
    public static void RemoveIfEmpty(string directory)
    {
        try
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
                Directory.Delete(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only an empty folder left behind.
        }
    }

    /// <summary>Writes the tensors and manifest of <paramref name="audio"/> to <paramref name="outputDirectory"/>.</summary>
    public static FeatureManifest Run(MonoAudioStream audio, string outputDirectory, FeatureOptions options)
    {
        using var sink = new NpyFeatureSink(outputDirectory, options);
        var extractor = new StreamingFeatureExtractor(options, sink);
        var buffer = new float[ReadBufferSamples];
        int read;
        long samples = 0;
        while ((read = audio.Read(buffer)) > 0)
        {
            extractor.Push(buffer.AsSpan(0, read));
            samples += read;
        }

        extractor.Complete();
        sink.Complete();

        var manifest = new FeatureManifest(
            FeatureManifest.LibraryVersion,
            // What was decoded, not what the header announced (they differ when a file ends early).
            FeatureInput.From(audio.Source with { DurationSeconds = samples / (double)audio.SampleRate }),
            audio.SampleRate,
            options,
            new Dictionary<string, TensorFile>
            {
                [SegmentKinds.FileTag(SegmentKind.Waveform)] = new(NpyFeatureSink.WaveformFileName, sink.Waveform.Shape),
                [SegmentKinds.FileTag(SegmentKind.Mel)] = new(NpyFeatureSink.MelFileName, sink.Mel.Shape),
                [SegmentKinds.FileTag(SegmentKind.Clip)] = new(NpyFeatureSink.ClipFileName, sink.Clips.Shape),
            });
        manifest.Save(outputDirectory);
        return manifest;
    }
}
