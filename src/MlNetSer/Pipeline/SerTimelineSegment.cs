namespace MlNetSer.Pipeline;

/// <summary>One point of an emotion timeline: a time range of the audio and the class probabilities there.</summary>
/// <param name="Start">Start in seconds from the beginning of the audio.</param>
/// <param name="End">End in seconds (a segment padded past the end of a short clip ends where the audio ends).</param>
/// <param name="Probabilities">Class probabilities in the model's label order (they sum to 1).</param>
public sealed record SerTimelineSegment(double Start, double End, float[] Probabilities)
{
    /// <summary>Index of the most probable class (the first one on a tie).</summary>
    public int TopClass
    {
        get
        {
            var best = 0;
            for (var i = 1; i < Probabilities.Length; i++)
            {
                if (Probabilities[i] > Probabilities[best])
                    best = i;
            }

            return best;
        }
    }
}
