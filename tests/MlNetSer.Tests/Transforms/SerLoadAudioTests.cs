using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Audio;
using MlNetSer.Transforms;

namespace MlNetSer.Tests.Transforms;

public sealed class SerLoadAudioTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void LoadAudio_GivesWhatAudioReaderGives_AtTheRequestedRate()
    {
        var mono = TestWav.Write(_folder.Path, "mono.wav", 0.8);
        var stereo = TestWav.Write(_folder.Path, "stereo44k.wav", 0.5, sampleRate: 44100, channels: 2, seed: 2);

        foreach (var rate in new[] { 22050, 16000 })
        {
            var model = _ml.Transforms.SerLoadAudio("Samples", "Path", sampleRate: rate).Fit(TransformTestData.Paths(_ml, mono, stereo));
            var samples = TransformTestData.Column(model.Transform(TransformTestData.Paths(_ml, mono, stereo)), "Samples");

            Assert.Equal(AudioReader.Load(mono, rate).Samples, samples[0]);
            Assert.Equal(AudioReader.Load(stereo, rate).Samples, samples[1]);
            Assert.Equal((int)Math.Round(0.8 * rate), samples[0].Length);
        }
    }

    [Fact]
    public void LoadAudio_OutputIsAVariableLengthSingleVector_AndTemporariesAreGone()
    {
        var path = TestWav.Write(_folder.Path, "a.wav", 0.2);
        var output = _ml.Transforms.SerLoadAudio().Fit(TransformTestData.Paths(_ml, path)).Transform(TransformTestData.Paths(_ml, path));

        var samples = output.Schema["Samples"];
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single), samples.Type);
        Assert.Equal(["Path", "Samples"], output.Schema.Where(c => !c.IsHidden).Select(c => c.Name));
    }

    [Fact]
    public void MissingFile_StopsThePipelineWithAMessageNamingIt()
    {
        var good = TestWav.Write(_folder.Path, "good.wav", 0.2);
        var missing = Path.Combine(_folder.Path, "no-such-file.wav");
        var data = TransformTestData.Paths(_ml, good, missing);
        var output = _ml.Transforms.SerLoadAudio().Fit(data).Transform(data);

        // Many-row reads go through ML.NET's worker threads, which wrap what a mapping throws.
        var wrapped = Assert.Throws<InvalidOperationException>(() => TransformTestData.Column(output, "Samples"));
        var error = SerTransformErrors.FindAudioError(wrapped);
        Assert.NotNull(error);
        Assert.Same(error, wrapped.InnerException);
        Assert.Equal(missing, error.Path);
        Assert.StartsWith(missing + ": ", error.Message);
        Assert.Contains(error.Message, wrapped.ToString());
    }

    [Fact]
    public void MissingFile_InAPredictionEngine_ThrowsTheAudioError()
    {
        var good = TestWav.Write(_folder.Path, "good.wav", 0.2);
        var missing = Path.Combine(_folder.Path, "gone.wav");
        var model = _ml.Transforms.SerLoadAudio().Fit(TransformTestData.Paths(_ml, good));
        var engine = _ml.Model.CreatePredictionEngine<TransformTestData.PathRow, SamplesOut>(model);

        Assert.Equal(AudioReader.Load(good).Samples, engine.Predict(new() { Path = good }).Samples);
        var error = Assert.Throws<AudioDecodingException>(() => engine.Predict(new() { Path = missing }));
        Assert.StartsWith(missing, error.Message);
    }

    [Fact]
    public void ErrorColumnMode_GoesOnPastABadFile_AndSurvivesSaveAndLoad()
    {
        var good = TestWav.Write(_folder.Path, "good.wav", 0.3);
        var notAudio = Path.Combine(_folder.Path, "notes.wav");
        File.WriteAllText(notAudio, "this is not a wave file, it is text long enough to look like a header");
        var data = TransformTestData.Paths(_ml, good, notAudio, good);
        var options = new SerLoadAudioEstimator.Options { ErrorColumnName = "LoadError" };
        var pipeline = _ml.Transforms.SerLoadAudio("Samples", "Path", options)
            .Append(_ml.Transforms.SerWaveformSegments("Waveform", "Samples"));
        var model = pipeline.Fit(data);

        var zip = Path.Combine(_folder.Path, "model.zip");
        _ml.Model.Save(model, data.Schema, zip);
        var loaded = new MLContext().Model.Load(zip, out _);

        foreach (var output in new[] { model.Transform(data), loaded.Transform(data) })
        {
            var errors = output.GetColumn<string>("LoadError").ToArray();
            var samples = TransformTestData.Column(output, "Samples");
            Assert.Equal("", errors[0]);
            Assert.StartsWith(notAudio, errors[1]);
            Assert.Equal("", errors[2]);
            Assert.Equal(AudioReader.Load(good).Samples, samples[2]);
            Assert.Empty(samples[1]);
            Assert.Empty(TransformTestData.Column(output, "Waveform")[1]);
        }
    }

    [Fact]
    public void ResampleAudio_FromAnIntegerOrFloatRateColumn_MatchesFromSamples_AndSurvivesSaveAndLoad()
    {
        var rng = new Random(5);
        var a = Enumerable.Range(0, 8000).Select(i => (float)(0.5 * Math.Sin(i * 0.05) + 0.01 * rng.NextDouble())).ToArray();
        var b = Enumerable.Range(0, 4410).Select(i => (float)(0.3 * Math.Sin(i * 0.21))).ToArray();
        var intRates = _ml.Data.LoadFromEnumerable(new[]
        {
            new IntRateRow { Audio = a, Rate = 16000 }, new IntRateRow { Audio = b, Rate = 44100 }, new IntRateRow { Audio = [], Rate = 8000 },
        });
        var floatRates = _ml.Data.LoadFromEnumerable(new[] { new FloatRateRow { Audio = a, Rate = 16000 }, new FloatRateRow { Audio = b, Rate = 44100 } });

        var estimator = _ml.Transforms.SerResampleAudio("Audio", "Audio", "Rate", targetSampleRate: 22050);
        var model = estimator.Fit(intRates);
        var zip = Path.Combine(_folder.Path, "resample.zip");
        _ml.Model.Save(model, intRates.Schema, zip);
        var loaded = new MLContext().Model.Load(zip, out _);

        var expectedA = AudioReader.FromSamples(a, 16000, 22050).Samples;
        var expectedB = AudioReader.FromSamples(b, 44100, 22050).Samples;
        foreach (var output in new[] { model.Transform(intRates), estimator.Fit(floatRates).Transform(floatRates), loaded.Transform(intRates) })
        {
            var resampled = TransformTestData.Column(output, "Audio");
            Assert.Equal(expectedA, resampled[0]);
            Assert.Equal(expectedB, resampled[1]);
        }

        Assert.Empty(TransformTestData.Column(model.Transform(intRates), "Audio")[2]);
    }

    [Fact]
    public void ResampleAudio_AFractionalRate_IsAnErrorNamingTheColumn()
    {
        var data = _ml.Data.LoadFromEnumerable(new[] { new FloatRateRow { Audio = new float[100], Rate = 22050.5f } });
        var output = _ml.Transforms.SerResampleAudio("Out", "Audio", "Rate").Fit(data).Transform(data);

        var error = SerTransformErrors.FindAudioError(Assert.ThrowsAny<Exception>(() => TransformTestData.Column(output, "Out")));
        Assert.NotNull(error);
        Assert.Contains("'Audio'", error.Message);
        Assert.Contains("22050.5", error.Message);
    }

    [Fact]
    public void SchemaErrors_NameTheMissingOrMistypedColumn()
    {
        var samples = TransformTestData.Samples(_ml, new float[10]);

        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => _ml.Transforms.SerLoadAudio("Samples", "File").Fit(samples));
        Assert.Contains("SerLoadAudio: input column 'File' not found", missing.Message);

        var mistyped = Assert.Throws<ArgumentOutOfRangeException>(
            () => _ml.Transforms.SerLoadAudio("Out", "Samples").GetOutputSchema(TransformTestData.Shape<TransformTestData.SamplesRow>(_ml)));
        Assert.Contains("'Samples' is a vector of Single", mistyped.Message);
        Assert.Contains("String", mistyped.Message);

        var noRate = Assert.Throws<ArgumentOutOfRangeException>(() => _ml.Transforms.SerResampleAudio("Out", "Samples", "Rate").Fit(samples));
        Assert.Contains("SerResampleAudio: input column 'Rate' not found", noRate.Message);
    }

    [Fact]
    public void InvalidOptions_AreRejectedWhenTheEstimatorIsMade()
    {
        var error = Assert.Throws<ArgumentException>(() => _ml.Transforms.SerLoadAudio(sampleRate: 0));
        Assert.Contains("SampleRate", error.Message);
    }

    private sealed class SamplesOut
    {
        public float[] Samples { get; set; } = [];
    }

    private sealed class IntRateRow
    {
        public float[] Audio { get; set; } = [];

        public int Rate { get; set; }
    }

    private sealed class FloatRateRow
    {
        public float[] Audio { get; set; } = [];

        public float Rate { get; set; }
    }
}
