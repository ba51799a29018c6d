using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetSer.Export;

namespace MlNetSer.Tests.TestSupport;

/// <summary>Runs a one-utterance fused graph (<see cref="SerFusedOnnx"/>) on raw samples and copies its outputs out.</summary>
internal static class FusedOnnxRun
{
    /// <summary>Every float output and every string output by name, copied before the native results are released.</summary>
    public static (Dictionary<string, float[]> Floats, Dictionary<string, string[]> Strings) Run(InferenceSession session, float[] samples)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(samples, [samples.Length]);
        using var options = new RunOptions();
        using var results = session.Run(options, new Dictionary<string, OrtValue> { [SerFusedOnnx.SamplesInput] = input }, session.OutputNames);
        var floats = new Dictionary<string, float[]>();
        var strings = new Dictionary<string, string[]>();
        for (var i = 0; i < session.OutputNames.Count; i++)
        {
            var type = results[i].GetTensorTypeAndShape();
            if (type.ElementDataType == TensorElementType.Float)
                floats[session.OutputNames[i]] = results[i].GetTensorDataAsSpan<float>().ToArray();
            else if (type.ElementDataType == TensorElementType.String)
                strings[session.OutputNames[i]] = Enumerable.Range(0, (int)type.ElementCount).Select(results[i].GetStringElement).ToArray();
        }

        return (floats, strings);
    }
}
