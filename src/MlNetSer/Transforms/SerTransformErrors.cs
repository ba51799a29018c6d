using Microsoft.ML;
using MlNetSer.Audio;

namespace MlNetSer.Transforms;

/// <summary>Reads the audio error behind an exception that an ML.NET pipeline threw.</summary>
/// <remarks>
/// A <see cref="PredictionEngine{TSrc, TDst}"/> passes an <see cref="AudioDecodingException"/> on as it is.
/// Reading many rows (<c>GetColumn</c>, <c>CreateEnumerable</c>, a cursor, a trainer's <c>Fit</c>) goes
/// through ML.NET's worker threads, which wrap it in an <see cref="InvalidOperationException"/>
/// ("Splitter/consolidator worker encountered exception while consuming source data") with the audio
/// error as <see cref="Exception.InnerException"/>; <see cref="Exception.ToString"/> shows both.
/// </remarks>
public static class SerTransformErrors
{
    /// <summary>The <see cref="AudioDecodingException"/> in <paramref name="exception"/>'s chain of inner exceptions, or null.</summary>
    public static AudioDecodingException? FindAudioError(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AudioDecodingException audio)
                return audio;
        }

        return null;
    }
}
