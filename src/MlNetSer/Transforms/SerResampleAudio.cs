using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlNetSer.Audio;

namespace MlNetSer.Transforms;

/// <summary>
/// Resamples mono samples held in a column (a vector of Single) from the rate in a per-row sample-rate
/// column (any numeric type, a whole number of Hz) to <see cref="TargetSampleRate"/>, with
/// <see cref="AudioReader.FromSamples"/>: the same band-limited resampler and validation (NaN or
/// infinite samples, non-positive rates) as decoded files get.
/// </summary>
/// <remarks>A row with no samples (a file that failed in error-column mode) stays empty.</remarks>
public sealed class SerResampleAudioEstimator : SerEstimatorBase
{
    internal const string ContractName = "MlNetSer.ResampleAudio.v1";
    private const string TransformName = "SerResampleAudio";

    internal SerResampleAudioEstimator(string outputColumnName, string inputColumnName, string sampleRateColumnName, int targetSampleRate)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(sampleRateColumnName);
        if (targetSampleRate <= 0)
            throw new ArgumentException($"targetSampleRate must be positive (got {targetSampleRate}).", nameof(targetSampleRate));
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        SampleRateColumnName = sampleRateColumnName;
        TargetSampleRate = targetSampleRate;
    }

    /// <summary>The resampled samples column produced.</summary>
    public string OutputColumnName { get; }

    /// <summary>The samples column read.</summary>
    public string InputColumnName { get; }

    /// <summary>The column holding each row's sample rate in Hz.</summary>
    public string SampleRateColumnName { get; }

    /// <summary>Output sample rate in Hz.</summary>
    public int TargetSampleRate { get; }

    private protected override void CheckInputs(InputColumns inputs)
    {
        inputs.RequireSingleVector(TransformName, InputColumnName, "mono audio samples");
        inputs.RequireNumber(TransformName, SampleRateColumnName, "the sample rate in Hz");
    }

    internal override EstimatorChain<ITransformer> AppendTo(EstimatorChain<ITransformer> chain, MLContext mlContext)
        => chain.AppendMapping<ResampleAudioMapping.Input, ResampleAudioMapping.Output, ResampleAudioMapping.State>(
            mlContext,
            new ResampleAudioMapping.State { TargetSampleRate = TargetSampleRate, InputColumnName = InputColumnName },
            [
                new ColumnPair(ResampleAudioMapping.SamplesColumn, InputColumnName),
                new ColumnPair(ResampleAudioMapping.RateColumn, SampleRateColumnName, ConvertToSingle: true),
            ],
            ResampleAudioMapping.Map, ContractName,
            [new ColumnPair(ResampleAudioMapping.OutputColumn, OutputColumnName)]);
}

/// <summary>The stateless mapping behind <see cref="SerResampleAudioEstimator"/> (contract <c>MlNetSer.ResampleAudio.v1</c>).</summary>
internal static class ResampleAudioMapping
{
    public const string SamplesColumn = "__MlNetSer.Resample.Samples";
    public const string RateColumn = "__MlNetSer.Resample.Rate";
    public const string OutputColumn = "__MlNetSer.Resample.Output";

    public static void Map(Input input, Output output)
    {
        var state = CarriedOptions.Read<State>(input.Options, SerResampleAudioEstimator.ContractName, State.Validate);
        if (input.Samples.Length == 0)
        {
            output.Samples = [];
            return;
        }

        var name = $"column '{state.InputColumnName}'";
        var rate = input.SampleRate;
        if (!float.IsFinite(rate) || rate <= 0 || rate != MathF.Round(rate) || rate > int.MaxValue)
            throw new AudioDecodingException(name, $"sample rate {rate} Hz is not a positive whole number");
        output.Samples = AudioReader.FromSamples(input.Samples, (int)rate, state.TargetSampleRate, name).Samples;
    }

    /// <summary>What the model zip carries for this transform.</summary>
    public sealed class State
    {
        public int TargetSampleRate { get; set; }

        public string InputColumnName { get; set; } = "";

        public static void Validate(State state)
        {
            if (state.TargetSampleRate <= 0)
                throw new ArgumentException($"TargetSampleRate must be positive (got {state.TargetSampleRate}).");
        }
    }

    public sealed class Input
    {
        [ColumnName(CarriedOptions.OptionsColumn)]
        public string Options { get; set; } = "";

        [ColumnName(SamplesColumn)]
        public float[] Samples { get; set; } = [];

        [ColumnName(RateColumn)]
        public float SampleRate { get; set; }
    }

    public sealed class Output
    {
        [ColumnName(OutputColumn)]
        public float[] Samples { get; set; } = [];
    }

    [CustomMappingFactoryAttribute(SerResampleAudioEstimator.ContractName)]
    private sealed class Factory : CustomMappingFactory<Input, Output>
    {
        public override Action<Input, Output> GetMapping() => Map;
    }
}
