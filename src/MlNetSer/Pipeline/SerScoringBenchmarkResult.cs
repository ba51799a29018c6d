using System.Text.Json.Serialization;

namespace MlNetSer.Pipeline;

/// <summary>What <see cref="SerScoringBenchmark.Run"/> measured (JSON names in brackets; times in seconds of wall clock).</summary>
/// <param name="Files">Files scored (<c>files</c>).</param>
/// <param name="AudioSeconds">Seconds of audio in them (<c>audio_seconds</c>).</param>
/// <param name="PipelineSeconds">
/// The whole model through ML.NET, <c>model.Transform</c> and one cursor over the columns <c>predict</c> and <c>evaluate</c>
/// read: decoding, tensors, every network, the baseline and both fusions (<c>pipeline_seconds</c>).
/// </param>
/// <param name="RealTimeFactor">AudioSeconds / PipelineSeconds (<c>real_time_factor</c>).</param>
/// <param name="FeatureSeconds">The model's front end alone (decoding and the input tensors), read through ML.NET (<c>feature_seconds</c>).</param>
/// <param name="OnnxSeconds">
/// ONNX Runtime alone on exactly the segments the pipeline scores, one run per utterance and graph as <c>ApplyOnnxModel</c>
/// does (inputs made beforehand, only <c>Run</c> timed): per network, <c>mel_statistics</c> (the baseline's input),
/// <c>score_fusion</c>, and <c>total</c> (<c>onnx_seconds</c>).
/// </param>
/// <param name="OnnxBatchedSeconds">
/// The networks' ONNX Runtime time when the segments of consecutive utterances are packed into runs of
/// <see cref="BatchSegments"/>: per network and <c>total</c> (networks only; <c>onnx_batched_seconds</c>).
/// </param>
/// <param name="Segments">Segments (1d, 2d) or clips (3d) scored per network (<c>segments</c>).</param>
/// <param name="Overhead">PipelineSeconds / OnnxSeconds["total"] − 1: what the pipeline adds to ONNX Runtime (<c>overhead</c>).</param>
/// <param name="OverheadVsBatched">
/// PipelineSeconds / (OnnxBatchedSeconds["total"] + the fusion graphs' time) − 1: the same against batched runs
/// (<c>overhead_vs_batched</c>).
/// </param>
/// <param name="BatchSegments">Segments per batched run (<c>batch_segments</c>).</param>
/// <param name="OnnxThreads">Intra-op threads of the reference sessions, 0 for ONNX Runtime's choice (<c>onnx_threads</c>).</param>
/// <param name="ProcessorCount">Logical processors of the machine (<c>processor_count</c>).</param>
public sealed record SerScoringBenchmarkResult(
    [property: JsonPropertyName("files")] int Files,
    [property: JsonPropertyName("audio_seconds")] double AudioSeconds,
    [property: JsonPropertyName("pipeline_seconds")] double PipelineSeconds,
    [property: JsonPropertyName("real_time_factor")] double RealTimeFactor,
    [property: JsonPropertyName("feature_seconds")] double FeatureSeconds,
    [property: JsonPropertyName("onnx_seconds")] IReadOnlyDictionary<string, double> OnnxSeconds,
    [property: JsonPropertyName("onnx_batched_seconds")] IReadOnlyDictionary<string, double> OnnxBatchedSeconds,
    [property: JsonPropertyName("segments")] IReadOnlyDictionary<string, long> Segments,
    [property: JsonPropertyName("overhead")] double Overhead,
    [property: JsonPropertyName("overhead_vs_batched")] double OverheadVsBatched,
    [property: JsonPropertyName("batch_segments")] int BatchSegments,
    [property: JsonPropertyName("onnx_threads")] int OnnxThreads,
    [property: JsonPropertyName("processor_count")] int ProcessorCount);
