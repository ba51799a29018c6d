namespace MlNetSer.Features;

/// <summary>The symmetric Hamming window w[n] = 0.54 − 0.46 cos(2πn/(N−1)), n = 0 … N−1.</summary>
public static class HammingWindow
{
    /// <summary>
    /// The symmetric window of <paramref name="length"/> samples (computed in double, stored as float);
    /// a single-sample window is [1].
    /// </summary>
    public static float[] Symmetric(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var window = new float[length];
        if (length == 1)
        {
            window[0] = 1f;
            return window;
        }

        for (int n = 0; n < length; n++)
            window[n] = (float)(0.54 - 0.46 * Math.Cos(2 * Math.PI * n / (length - 1)));
        return window;
    }
}
