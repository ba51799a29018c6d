namespace MlNetSer.Audio;

/// <summary>What a decoded file was before it was mixed to mono and resampled.</summary>
/// <param name="Path">The file, or a caller-chosen name for in-memory samples.</param>
/// <param name="Format">The container/codec that decoded it, e.g. "wav/pcm16", "mp3", "ffmpeg".</param>
/// <param name="SampleRate">The source sample rate in Hz.</param>
/// <param name="Channels">The source channel count.</param>
/// <param name="DurationSeconds">The source duration in seconds (frames / sample rate).</param>
public sealed record AudioInfo(string Path, string Format, int SampleRate, int Channels, double DurationSeconds);
