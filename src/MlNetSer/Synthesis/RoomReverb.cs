using System.Numerics;
using MlNetSer.Features;

namespace MlNetSer.Synthesis;

/// <summary>
/// A synthetic room: an impulse response of the direct sound followed by exponentially decaying Gaussian noise (the
/// diffuse reverberation of a room with reverberation time RT60), applied by FFT convolution.
/// </summary>
internal static class RoomReverb
{
    /// <summary>
    /// The impulse response: 1 at t = 0 (the direct sound), then, after a pre-delay of 2–10 ms, Gaussian noise whose
    /// level falls 60 dB over <paramref name="rt60"/> seconds and whose energy is <paramref name="directToReverberantDb"/>
    /// below the direct sound's. It is <paramref name="rt60"/> long: the tail is then 60 dB down.
    /// </summary>
    public static double[] ImpulseResponse(double rt60, double directToReverberantDb, int sampleRate, SynthesisRandom random)
    {
        var response = new double[Math.Max(2, (int)(rt60 * sampleRate))];
        var delay = Math.Min(response.Length - 1, (int)(random.Uniform(0.002, 0.010) * sampleRate));
        // Amplitude exp(−k·n) is 10^(−60/20) = e^(−3 ln 10) down after RT60.
        var k = 3 * Math.Log(10) / (rt60 * sampleRate);
        var energy = 0.0;
        for (var n = delay; n < response.Length; n++)
        {
            response[n] = random.Gaussian() * Math.Exp(-k * (n - delay));
            energy += response[n] * response[n];
        }

        var scale = Math.Sqrt(Math.Pow(10, -directToReverberantDb / 10) / energy);
        for (var n = delay; n < response.Length; n++)
            response[n] *= scale;
        response[0] += 1;
        return response;
    }

    /// <summary>
    /// <paramref name="signal"/> convolved with <paramref name="response"/>, cut to the signal's length (the end of the
    /// reverberant tail is lost, as when a recording stops).
    /// </summary>
    public static double[] Apply(double[] signal, double[] response)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(8, signal.Length + response.Length - 1));
        var fft = new ComplexFft(size);
        var (signalRe, signalIm) = Transform(fft, signal);
        var (responseRe, responseIm) = Transform(fft, response);

        // Y = X·H, then y = conj(FFT(conj(Y))) / N: the inverse transform from the forward one; y is real.
        var product = new float[2 * size];
        for (var i = 0; i < size; i++)
        {
            product[2 * i] = signalRe[i] * responseRe[i] - signalIm[i] * responseIm[i];
            product[2 * i + 1] = -(signalRe[i] * responseIm[i] + signalIm[i] * responseRe[i]);
        }

        var outputRe = new float[size];
        fft.Transform(product, outputRe, new float[size]);
        var output = new double[signal.Length];
        for (var i = 0; i < output.Length; i++)
            output[i] = outputRe[i] / (double)size;
        return output;
    }

    // The FFT of a real sequence, zero-padded to the transform's size.
    private static (float[] Re, float[] Im) Transform(ComplexFft fft, double[] values)
    {
        var interleaved = new float[2 * fft.Size];
        for (var i = 0; i < values.Length; i++)
            interleaved[2 * i] = (float)values[i];
        var (re, im) = (new float[fft.Size], new float[fft.Size]);
        fft.Transform(interleaved, re, im);
        return (re, im);
    }
}
