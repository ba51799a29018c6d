using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Features;

namespace MlNetSer.Transforms;

/// <summary>
/// Reads back the options of the MlNetSer transforms in a fitted or loaded model. <c>Model.Load</c>
/// returns a plain <see cref="TransformerChain{TLastTransformer}"/>, not the MlNetSer estimators'
/// types, so this finds the options where the transforms carry them (their <c>MapValue</c> step).
/// </summary>
public static class SerModelInspector
{
    /// <summary>
    /// The contract name and options JSON of every MlNetSer transform in <paramref name="model"/>, in
    /// pipeline order (e.g. <c>("MlNetSer.MelSegments.v1", "{…}")</c>).
    /// </summary>
    public static IReadOnlyList<(string Contract, string OptionsJson)> FindTransforms(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var found = new List<(string, string, IReadOnlyList<ITransformer>)>();
        Collect(model, found);
        return found.Select(f => (f.Item1, f.Item2)).ToArray();
    }

    /// <summary>
    /// Like <see cref="FindTransforms"/>, with the transformers that follow each MlNetSer transform in its own chain (e.g. the
    /// normaliser and classifier a fusion's options precede), for code that reads built-in transformers of a fused model.
    /// </summary>
    internal static IReadOnlyList<(string Contract, string OptionsJson, IReadOnlyList<ITransformer> Following)> FindTransformsWithFollowing(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var found = new List<(string, string, IReadOnlyList<ITransformer>)>();
        Collect(model, found);
        return found;
    }

    /// <summary>
    /// The options of the first waveform segments, Mel segments and Mel clips transforms in
    /// <paramref name="model"/>; a part the model lacks keeps its default. Null when it has none of the three.
    /// </summary>
    public static FeatureOptions? FindFeatureOptions(ITransformer model)
    {
        var transforms = FindTransforms(model);
        var waveform = First<WaveformSegmentOptions>(transforms, SerWaveformSegmentsEstimator.ContractName);
        var mel = First<MelSegmentOptions>(transforms, SerMelSegmentsEstimator.ContractName);
        var clips = First<MelClipsMapping.State>(transforms, SerMelClipsEstimator.ContractName);
        if (waveform is null && mel is null && clips is null)
            return null;
        return new FeatureOptions
        {
            Waveform = waveform ?? new WaveformSegmentOptions(),
            Mel = mel ?? new MelSegmentOptions(),
            Clip = clips?.Clip ?? new MelClipOptions(),
        };
    }

    /// <summary>The output sample rate of the first <see cref="SerLoadAudioEstimator"/> in <paramref name="model"/>, or null.</summary>
    public static int? FindLoadSampleRate(ITransformer model)
        => First<LoadAudioMapping.State>(FindTransforms(model), SerLoadAudioEstimator.ContractName)?.SampleRate;

    private static T? First<T>(IReadOnlyList<(string Contract, string OptionsJson)> transforms, string contract) where T : class
    {
        foreach (var (name, json) in transforms)
        {
            if (name == contract)
                return CarriedOptions.Parse<T>(json, contract);
        }

        return null;
    }

    private static void Collect(ITransformer transformer, List<(string, string, IReadOnlyList<ITransformer>)> found)
    {
        if (transformer is not IEnumerable<ITransformer> chain)
            return;

        var parts = chain.ToArray();
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] is Microsoft.ML.Transforms.CustomMappingTransformer<OptionsKeyMapping.NoInput, OptionsKeyMapping.Key> && i + 1 < parts.Length)
            {
                var json = ReadOptions(parts[i], parts[i + 1]);
                if (json is not null && CarriedOptions.ContractOf(json) is { } contract)
                    found.Add((contract, json, parts[(i + 2)..]));
            }
            else
            {
                Collect(parts[i], found);
            }
        }
    }

    // The key column needs no input, so any one row through the key mapping and MapValue yields the
    // options (a row with a column: ML.NET's cursor splitter rejects a schema with none).
    private static string? ReadOptions(ITransformer keyMapping, ITransformer valueMapping)
    {
        var mlContext = new MLContext();
        var row = mlContext.Data.LoadFromEnumerable(new[] { new AnyRow() });
        var options = valueMapping.Transform(keyMapping.Transform(row));
        if (options.Schema.GetColumnOrNull(CarriedOptions.OptionsColumn) is not { Type: TextDataViewType })
            return null;
        return options.GetColumn<string>(CarriedOptions.OptionsColumn).FirstOrDefault();
    }

    private sealed class AnyRow
    {
        public int Unused { get; set; }
    }
}
