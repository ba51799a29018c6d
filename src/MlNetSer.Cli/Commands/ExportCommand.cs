using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using MlNetSer.Export;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>export</c> command: writes a fused model zip as ONE ONNX graph from samples to emotion
/// (<see cref="SerFusedOnnx"/>; onnx/README.md, "The fused graph"), for ONNX Runtime in any language or an inference server.
/// </summary>
public static class ExportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Fused model zip written by 'mlnetser train'.", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The ONNX file to write.", Required = true };
        var batch = new Option<bool>("--batch")
        {
            Description = "Write the batched graph: inputs samples [B, T] (rows zero-padded) and lengths [B], every per-utterance output with a leading B axis; each network runs once per batch (faster per utterance on a CPU).",
        };
        var command = new Command("export",
            "Writes the fused model as one ONNX graph: input samples [T] (mono, at the model's sample rate), outputs the fused "
            + "probabilities and label, the feature fusion's scores and label, and each network's utterance and segment probabilities.")
        {
            model, output, batch,
        };
        command.WithExamples("mlnetser export --model ser.zip --out ser.onnx", "mlnetser export --model ser.zip --out ser-batch.onnx --batch");
        command.SetAction(parse => CommandErrors.Run(
            parse,
            () => (Model: parse.GetValue(model)!, Out: parse.GetValue(output)!, Options: new SerFusedOnnxOptions { Batch = parse.GetValue(batch) }),
            values => Run(parse, values.Model, values.Out, values.Options)));
        return command;
    }

    private static int Run(ParseResult parse, FileInfo model, FileInfo output, SerFusedOnnxOptions options)
    {
        var result = SerFusedOnnx.Export(new MLContext(), model.FullName, output.FullName, options);
        var console = parse.InvocationConfiguration.Output;
        var input = options.Batch ? $"{SerFusedOnnx.SamplesInput} [B, T] and {SerFusedOnnx.LengthsInput} [B]" : $"{SerFusedOnnx.SamplesInput} [T]";
        console.WriteLine($"wrote {result.Path} ({(result.Bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture)} MB): "
            + $"input {input} mono at {result.SampleRate} Hz; networks {string.Join(", ", result.Networks)}; "
            + $"classes {string.Join(", ", result.Labels)}");
        console.WriteLine($"outputs: {string.Join(", ", result.Outputs)}");
        return 0;
    }
}
