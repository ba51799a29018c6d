using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.IO;
using MlNetSer.Models;
using MlNetSer.Pipeline;
using MlNetSer.Synthesis;
using MlNetSer.Tests.TestSupport;
using MlNetSer.Tests.Training;

namespace MlNetSer.Tests.Pipeline;

/// <summary>
/// Packed scoring (<see cref="SerBatchScoringTransformer"/>) against the model it wraps: every output column bit for
/// bit, on the paper's settings (AlexNet at 227, ResNet-18 at 224, the 1D and 3D CNNs), with runs that cut through
/// utterances, and files from a short one (one padded Mel segment) to 3.5 s.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class SerBatchScoringTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(NetworkKind.AlexNet2d)]
    [InlineData(NetworkKind.Resnet18)]
    public void PackedScoring_GivesTheModelsOutputsBitForBit(NetworkKind backbone)
    {
        var (model, onnx, files) = Train(backbone);
        var ml = new MLContext(seed: 1);
        var data = SerInput.Load(ml, files);
        var expected = Computed(ml, model.Transform(data));

        // 5 segments per run cuts most utterances across runs; 32 packs several utterances into one; MaxUtterances 1 is one per run.
        foreach (var options in new[]
                 {
                     new SerBatchScoringOptions { BatchSegments = 5 }, new SerBatchScoringOptions(),
                     new SerBatchScoringOptions { MaxUtterances = 1 },
                 })
        {
            using var packed = SerBatchScoringTransformer.Create(model, onnx, options);
            var actual = Computed(ml, packed.Transform(data));

            Assert.Equal(Describe(expected.Schema), Describe(actual.Schema));
            Assert.Equal(Describe(expected.Schema), Describe(packed.GetOutputSchema(data.Schema)));
            foreach (var column in expected.Schema.Where(c => c.Type is VectorDataViewType { ItemType: var item } && item == NumberDataViewType.Single))
                AssertBitIdentical(Read<float[]>(expected, column.Name), Read<float[]>(actual, column.Name), column.Name, options);
            foreach (var label in new[] { SerColumns.PredictedLabel, SerColumns.FeaturePredictedLabel, SerColumns.BaselinePredictedLabel })
                Assert.Equal(Read<string>(expected, label), Read<string>(actual, label));
            Assert.Equal(files, Read<string>(actual, SerColumns.Path));
        }
    }

    [Fact]
    public void LoadedFromTheZip_ItReadsTheNetworksThere_SavesAsTheModel_AndTheInspectorsSeeThrough()
    {
        var (model, onnx, files) = Train(NetworkKind.Resnet18, networks: ["1d", "3d"]);
        var ml = new MLContext(seed: 1);
        var zip = _folder.File("model.zip");
        SerModelFile.Save(ml, model, SerInput.Schema(ml), zip);

        using var packed = SerBatchScoringTransformer.Load(ml, zip, out var schema);

        Assert.Equal([SerColumns.Path, SerColumns.Label], schema.Select(c => c.Name));
        var read = SerModelOnnx.ReadNetworks(zip, packed.Model);
        Assert.Equal(["1d", "3d"], read.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(onnx["1d"], read["1d"]);
        Assert.Equal(onnx["3d"], read["3d"]);
        Assert.Equal(SerModelInfo.Read(model).Networks, SerModelInfo.Read(packed).Networks);

        // Saved again, the wrapper writes the model it wraps: the copy loads and scores alike.
        var copy = _folder.File("copy.zip");
        ml.Model.Save(packed, schema, copy);
        var data = SerInput.Load(ml, files.Take(3));
        AssertBitIdentical(Read<float[]>(packed.Transform(data), SerColumns.Score), Read<float[]>(ml.Model.Load(copy, out _).Transform(data), SerColumns.Score),
            SerColumns.Score, packed.Options);

        // One row at a time (a PredictionEngine) goes through the model's own mapper.
        var engine = ml.Model.CreatePredictionEngine<SerInput, ScoreRow>(packed);
        Assert.Equal(Read<float[]>(model.Transform(data), SerColumns.Score)[0], engine.Predict(new SerInput { Path = files[0] }).Score);

        // Without options its own sessions go where the context sends ONNX transforms: the CPU here, and a GPU asked for
        // with fallback (on the GPU where there is one, else the CPU, as ApplyOnnxModel would).
        Assert.Null(packed.Options.GpuDeviceId);
        var gpuContext = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = true };
        using var onGpu = SerBatchScoringTransformer.Load(gpuContext, zip, out _);
        Assert.Equal(0, onGpu.Options.GpuDeviceId);
        Assert.True(onGpu.Options.FallbackToCpu);
        var cpuScores = Read<float[]>(packed.Transform(data), SerColumns.Score);
        var gpuScores = Read<float[]>(onGpu.Transform(data), SerColumns.Score);
        for (var row = 0; row < cpuScores.Length; row++)
            Assert.All(cpuScores[row].Zip(gpuScores[row]), pair => Assert.Equal(pair.First, pair.Second, 1e-3f));
    }

    [Fact]
    public void TheFrontEndIsReadInTheScorersThread_NoMoreRowsAheadThanMaxUtterances()
    {
        var (model, onnx, files) = Train(NetworkKind.Resnet18, networks: ["1d"]);
        var ml = new MLContext(seed: 1);
        var input = new CountingDataView(SerInput.Load(ml, files));
        using var packed = SerBatchScoringTransformer.Create(model, onnx, new SerBatchScoringOptions { MaxUtterances = 2 });
        var scored = packed.Transform(input);

        // ML.NET's own cursor over the front end would have split its rows among worker threads in batches of up to 128
        // and read them all here (issue 11: about 900 rows of segment tensors waited there at the paper's settings).
        var scores = new List<float[]>();
        using (var cursor = scored.GetRowCursor([scored.Schema[SerColumns.Score1d]]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(scored.Schema[SerColumns.Score1d]);
            VBuffer<float> value = default;
            while (cursor.MoveNext())
            {
                getter(ref value);
                scores.Add(value.DenseValues().ToArray());
                Assert.InRange(input.RowsRead, scores.Count, scores.Count + 1);
            }
        }

        Assert.Equal(files.Length, input.RowsRead);
        AssertBitIdentical(Read<float[]>(model.Transform(SerInput.Load(ml, files)), SerColumns.Score1d), [.. scores], SerColumns.Score1d, packed.Options);
    }

    [Fact]
    public void Create_RefusesAModelWithoutNetworks_AndMissingOnnxModels()
    {
        var ml = new MLContext();
        var chain = new TransformerChain<ITransformer>();
        Assert.Throws<InvalidOperationException>(() => SerBatchScoringTransformer.Create(chain, new Dictionary<string, byte[]>()));
        Assert.Throws<ArgumentException>(() => new SerBatchScoringOptions { BatchSegments = 1 }.Validate());
        Assert.Throws<ArgumentException>(() => new SerBatchScoringOptions { MaxUtterances = 0 }.Validate());
        _ = ml;
    }

    // A model with the paper's settings trained one epoch on two speakers of a small demo corpus, and the files to score.
    private (ITransformer Model, IReadOnlyDictionary<string, byte[]> Onnx, string[] Files) Train(NetworkKind backbone, string[]? networks = null)
    {
        var corpus = DemoCorpus.Write(_folder.File("corpus"), new DemoCorpusOptions { Speakers = 2, UtterancesPerEmotion = 1, Seed = 4 }).Manifest;
        var speakers = corpus.Entries.Select(e => e.Speaker).Distinct().ToArray();
        var onnxFolder = _folder.File("onnx-" + backbone);
        var result = new SerPipelineTrainer(new SerPipelineOptions
        {
            Networks = networks ?? ["1d", "2d", "3d"],
            Backbone = backbone,
            Epochs = 1,
            Seed = 2,
            CacheDirectory = _folder.File("store"),
            OnnxDirectory = onnxFolder,
        }).Fit(corpus.Entries.Where(e => e.Speaker == speakers[0]).ToArray(), corpus.Entries.Where(e => e.Speaker == speakers[1]).ToArray(), corpus.Labels);
        var onnx = Directory.GetFiles(onnxFolder, "*.onnx").ToDictionary(f => Path.GetFileNameWithoutExtension(f), File.ReadAllBytes);

        // 0.2 s: fewer than 64 frames, one padded Mel segment and one clip of it repeated.
        var shortFile = new WavBuilder { SampleRate = 22050, Data = WavBuilder.Int16(Enumerable.Range(0, 4410).Select(i => (float)(0.3 * Math.Sin(i * 0.05))).ToArray()) }
            .WriteTo(_folder.Path, "short.wav");
        return (result.Model, onnx, [.. corpus.Entries.Select(e => e.Path), shortFile]);
    }

    private static T[] Read<T>(IDataView data, string column) => data.GetColumn<T>(column).ToArray();

    // Each pass over a model's output scores every file again: one pass fills a cache that the columns are read from.
    private static IDataView Computed(MLContext ml, IDataView data)
    {
        var cached = ml.Data.Cache(data, data.Schema.Where(c => !c.IsHidden).Select(c => c.Name).ToArray());
        using (var cursor = cached.GetRowCursor(cached.Schema))
        {
            while (cursor.MoveNext())
            {
            }
        }

        return cached;
    }

    private static string[] Describe(DataViewSchema schema) => schema.Select(c => $"{c.Name}:{c.Type}:{c.IsHidden}").ToArray();

    private static void AssertBitIdentical(float[][] expected, float[][] actual, string column, SerBatchScoringOptions options)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var row = 0; row < expected.Length; row++)
        {
            Assert.Equal(expected[row].Length, actual[row].Length);
            for (var i = 0; i < expected[row].Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(expected[row][i]) != BitConverter.SingleToInt32Bits(actual[row][i]))
                {
                    Assert.Fail($"{column}, row {row}, value {i}: {expected[row][i]:R} unpacked, {actual[row][i]:R} packed "
                                + $"(BatchSegments {options.BatchSegments}, MaxUtterances {options.MaxUtterances}).");
                }
            }
        }
    }

    // A view that counts the rows its cursors have read, over all cursors and threads; like LoadFromEnumerable, it gives
    // one cursor for a cursor set (ML.NET's transforms split that one among their worker threads).
    private sealed class CountingDataView(IDataView inner) : IDataView
    {
        private int _rows;

        public int RowsRead => Volatile.Read(ref _rows);

        public bool CanShuffle => false;

        public DataViewSchema Schema => inner.Schema;

        public long? GetRowCount() => inner.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
            => new Cursor(this, inner.GetRowCursor(columnsNeeded));

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
            => [GetRowCursor(columnsNeeded)];

        private sealed class Cursor(CountingDataView parent, DataViewRowCursor inner) : DataViewRowCursor
        {
            public override DataViewSchema Schema => inner.Schema;

            public override long Position => inner.Position;

            public override long Batch => inner.Batch;

            public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

            public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

            public override bool MoveNext()
            {
                if (!inner.MoveNext())
                    return false;
                Interlocked.Increment(ref parent._rows);
                return true;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                    inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }

    public sealed class ScoreRow
    {
        public float[] Score { get; set; } = [];
    }
}
