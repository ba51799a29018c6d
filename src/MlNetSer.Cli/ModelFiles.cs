using Microsoft.ML;
using MlNetSer.IO;
using MlNetSer.Pipeline;

namespace MlNetSer.Cli;

/// <summary>How every command reads and writes a model zip: checked on load, written whole or not at all.</summary>
public static class ModelFiles
{
    /// <summary>
    /// Loads a fused model, wrapped so that its networks score segments of many files per ONNX Runtime run
    /// (<see cref="SerBatchScoringTransformer"/>: the same outputs, faster over many rows); the error names the file.
    /// </summary>
    /// <exception cref="InvalidDataException">The model cannot be loaded or holds no MlNetSer network.</exception>
    public static ITransformer Load(MLContext mlContext, FileInfo modelFile)
    {
        // Its own errors name the file and the problem (missing, a folder, not a zip, a part that does not match its checksum).
        var model = SerModelFile.Load(mlContext, modelFile.FullName, out _);
        try
        {
            _ = SerModelInfo.Read(model);
        }
        catch (Exception e)
        {
            throw new InvalidDataException($"{modelFile.FullName}: cannot use the model: {CommandErrors.Describe(e)}", e);
        }

        try
        {
            return SerBatchScoringTransformer.Create(model, SerModelOnnx.ReadNetworks(modelFile.FullName, model),
                SerBatchScoringOptions.OnDeviceOf(mlContext));
        }
        catch (InvalidOperationException)
        {
            // Its networks are not one run of ONNX transformers (a chain built another way) or do not average their segments:
            // it still scores, one file per run.
            return model;
        }
    }

    /// <summary>Writes the model with its checksums (<see cref="SerModelFile"/>) through a temporary file beside <paramref name="outFile"/>, so a failed run leaves no half-written zip.</summary>
    public static void Save(MLContext mlContext, ITransformer model, FileInfo outFile)
        => SerModelFile.Save(mlContext, model, SerInput.Schema(mlContext), outFile.FullName);
}
