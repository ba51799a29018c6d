namespace MlNetSer.Audio;

/// <summary>A whole utterance, decoded, mixed to mono and resampled.</summary>
/// <param name="Samples">Mono samples in [-1, 1] at <paramref name="SampleRate"/>.</param>
/// <param name="SampleRate">The rate of <paramref name="Samples"/> (22 050 Hz by default).</param>
/// <param name="Source">What the file was before conversion.</param>
public sealed record AudioClip(float[] Samples, int SampleRate, AudioInfo Source);
