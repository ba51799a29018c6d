using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlNetSer.Audio;

namespace MlNetSer.Transforms;

/// <summary>
/// Decodes the audio file named in a text column into mono samples at <see cref="Options.SampleRate"/>
/// (a variable-length vector of Single in [-1, 1]), with <see cref="AudioReader.Load"/>.
/// </summary>
/// <remarks>
/// <para>
/// An unreadable file (missing, not audio, corrupt) stops the pipeline with an
/// <see cref="AudioDecodingException"/> whose message names the file and the problem. A
/// <c>PredictionEngine</c> throws it as it is; reading many rows (<c>GetColumn</c>,
/// <c>CreateEnumerable</c>, a cursor, a trainer) goes through ML.NET's worker threads, which wrap it
/// in an <see cref="InvalidOperationException"/> with the audio error as inner exception
/// (<see cref="SerTransformErrors.FindAudioError"/> finds it).
/// </para>
/// <para>
/// With <see cref="Options.ErrorColumnName"/> set, a failing row instead gets no samples and the
/// error message in that text column (empty for rows that loaded), so a batch goes on past a bad
/// file; the segment transforms give no segments for a row without samples. Filter on the column
/// (e.g. <c>mlContext.Data.FilterByCustomPredicate</c>) before training.
/// </para>
/// </remarks>
public sealed class SerLoadAudioEstimator : SerEstimatorBase
{
    internal const string ContractName = "MlNetSer.LoadAudio.v1";
    private const string TransformName = "SerLoadAudio";

    /// <summary>Options of <see cref="SerLoadAudioEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Output sample rate in Hz (default 22 050, the paper's).</summary>
        public int SampleRate { get; set; } = AudioReader.DefaultSampleRate;

        /// <summary>
        /// When set, a file that cannot be read gives an empty sample vector and its error message in
        /// this text column instead of stopping the pipeline (default null: stop).
        /// </summary>
        public string? ErrorColumnName { get; set; }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
        public void Validate()
        {
            if (SampleRate <= 0)
                throw new ArgumentException($"SampleRate must be positive (got {SampleRate}).", nameof(SampleRate));
            if (ErrorColumnName is { Length: 0 })
                throw new ArgumentException("ErrorColumnName must be null or a column name.", nameof(ErrorColumnName));
        }
    }

    private readonly Options _options;

    internal SerLoadAudioEstimator(string outputColumnName, string inputColumnName, Options options)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        _options = new Options { SampleRate = options.SampleRate, ErrorColumnName = options.ErrorColumnName };
    }

    /// <summary>The samples column produced.</summary>
    public string OutputColumnName { get; }

    /// <summary>The text column holding file paths.</summary>
    public string InputColumnName { get; }

    /// <summary>Output sample rate in Hz.</summary>
    public int SampleRate => _options.SampleRate;

    /// <summary>The error column, or null when a bad file stops the pipeline.</summary>
    public string? ErrorColumnName => _options.ErrorColumnName;

    private protected override void CheckInputs(InputColumns inputs)
        => inputs.RequireText(TransformName, InputColumnName, "audio file paths");

    internal override EstimatorChain<ITransformer> AppendTo(EstimatorChain<ITransformer> chain, MLContext mlContext)
        => chain.AppendMapping<LoadAudioMapping.Input, LoadAudioMapping.Output, LoadAudioMapping.State>(
            mlContext,
            new LoadAudioMapping.State { SampleRate = SampleRate, CaptureErrors = ErrorColumnName is not null },
            [new ColumnPair(LoadAudioMapping.PathColumn, InputColumnName)],
            LoadAudioMapping.Map, ContractName,
            [
                new ColumnPair(LoadAudioMapping.SamplesColumn, OutputColumnName),
                new ColumnPair(LoadAudioMapping.ErrorColumn, ErrorColumnName),
            ]);
}

/// <summary>The stateless mapping behind <see cref="SerLoadAudioEstimator"/> (contract <c>MlNetSer.LoadAudio.v1</c>).</summary>
internal static class LoadAudioMapping
{
    public const string PathColumn = "__MlNetSer.LoadAudio.Path";
    public const string SamplesColumn = "__MlNetSer.LoadAudio.Samples";
    public const string ErrorColumn = "__MlNetSer.LoadAudio.Error";

    public static void Map(Input input, Output output)
    {
        var state = CarriedOptions.Read<State>(input.Options, SerLoadAudioEstimator.ContractName, State.Validate);
        try
        {
            output.Samples = Load(input.Path, state.SampleRate);
            output.Error = "";
        }
        catch (AudioDecodingException e) when (state.CaptureErrors)
        {
            output.Samples = [];
            output.Error = e.Message;
        }
    }

    private static float[] Load(string? path, int sampleRate)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new AudioDecodingException("<empty path>", "the row names no file");
        return AudioReader.Load(path, sampleRate).Samples;
    }

    /// <summary>What the model zip carries for this transform.</summary>
    public sealed class State
    {
        public int SampleRate { get; set; }

        public bool CaptureErrors { get; set; }

        public static void Validate(State state)
        {
            if (state.SampleRate <= 0)
                throw new ArgumentException($"SampleRate must be positive (got {state.SampleRate}).");
        }
    }

    public sealed class Input
    {
        [ColumnName(CarriedOptions.OptionsColumn)]
        public string Options { get; set; } = "";

        [ColumnName(PathColumn)]
        public string Path { get; set; } = "";
    }

    public sealed class Output
    {
        [ColumnName(SamplesColumn)]
        public float[] Samples { get; set; } = [];

        [ColumnName(ErrorColumn)]
        public string Error { get; set; } = "";
    }

    [CustomMappingFactoryAttribute(SerLoadAudioEstimator.ContractName)]
    private sealed class Factory : CustomMappingFactory<Input, Output>
    {
        public override Action<Input, Output> GetMapping() => Map;
    }
}
