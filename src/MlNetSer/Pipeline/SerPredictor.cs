using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSer.Transforms;

namespace MlNetSer.Pipeline;

/// <summary>
/// Turns a fused model's output into predictions per audio file: the fused label and scores, each network's scores and
/// the feature fusion's label. <see cref="PredictAll"/> goes on past a file that fails and reports it with its error.
/// Works on a fitted or loaded model and on <see cref="SerBatchScoringTransformer"/> (which scores many files per run).
/// </summary>
public sealed class SerPredictor
{
    private readonly MLContext _mlContext;
    private readonly ITransformer _model;

    /// <summary>Creates a predictor for <paramref name="model"/>.</summary>
    /// <param name="mlContext">The ML.NET context (its device is where ONNX Runtime scores).</param>
    /// <param name="model">A fused model (made by <c>SerFusedNetworks</c>), fitted or loaded.</param>
    /// <exception cref="InvalidOperationException">The model holds no MlNetSer network.</exception>
    public SerPredictor(MLContext mlContext, ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        _mlContext = mlContext;
        _model = model;
        Info = SerModelInfo.Read(model);
    }

    /// <summary>The model's labels, networks and fusion weights.</summary>
    public SerModelInfo Info { get; }

    /// <summary>Predicts one file.</summary>
    /// <param name="file">An audio file.</param>
    /// <exception cref="Exception">Whatever stops the model on this file (an audio error names the file and the problem).</exception>
    public SerFilePrediction Predict(string file)
    {
        using var reader = new PredictionReader(_mlContext, _model, Info, [file]);
        return reader.Next() ?? throw new InvalidOperationException("the model produced no row.");
    }

    /// <summary>
    /// Predicts <paramref name="files"/> in order with one pass of the model over all of them (so that a packed model
    /// scores many files per run), each with its prediction or the error that stopped it. A file that fails ends the
    /// pass (a packed model reads files ahead, so the pass may stop before it): the files before it are scored again in a
    /// pass of their own, and the next pass starts after it. An audio error is given as the
    /// <see cref="Audio.AudioDecodingException"/> that names the file and the problem.
    /// </summary>
    /// <param name="files">Audio files.</param>
    public IEnumerable<(string File, SerFilePrediction? Prediction, Exception? Error)> PredictAll(IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var next = 0;
        var end = files.Count;        // this pass reads files[next..end)
        Exception? endError = null;   // files[end]'s error, when an earlier pass found it
        while (next < files.Count)
        {
            Exception? failure;
            using (var reader = new PredictionReader(_mlContext, _model, Info, files.Take(end).Skip(next).ToArray()))
            {
                while (TryNext(reader, out var prediction, out failure) && prediction is not null)
                    yield return (files[next++], prediction, null);
            }

            if (failure is null)
            {
                if (next < files.Count)
                    yield return (files[next++], null, Plain(endError));
                (end, endError) = (files.Count, null);
                continue;
            }

            var bad = BadFile(failure, files, next, end);
            if (bad > next)
            {
                (end, endError) = (bad, failure);
                continue;
            }

            // The error names files[next], or no file: that one alone says whether it is the bad one.
            SerFilePrediction? alone = null;
            Exception? error = failure;
            if (bad < 0)
            {
                try
                {
                    (alone, error) = (Predict(files[next]), null);
                }
                catch (Exception e)
                {
                    error = e;
                }
            }

            yield return (files[next++], alone, Plain(error));
            end = files.Count;
        }
    }

    // The audio error (which names the file and the problem) rather than ML.NET's worker-thread wrapper around it.
    private static Exception? Plain(Exception? error) => error is null ? null : SerTransformErrors.FindAudioError(error) ?? error;

    // The first of files[from..to) that the audio error in failure names, or -1.
    private static int BadFile(Exception failure, IReadOnlyList<string> files, int from, int to)
    {
        if (SerTransformErrors.FindAudioError(failure)?.Path is not { } path)
            return -1;
        for (var i = from; i < to; i++)
        {
            if (files[i] == path || (files[i].Length > 0 && path.Length > 0 && Path.GetFullPath(files[i]) == Path.GetFullPath(path)))
                return i;
        }

        return -1;
    }

    // Reads the next prediction; false when the pass failed (the caller decides which file that was).
    private static bool TryNext(PredictionReader reader, out SerFilePrediction? prediction, out Exception? error)
    {
        try
        {
            prediction = reader.Next();
            error = null;
            return true;
        }
        catch (Exception e)
        {
            prediction = null;
            error = e;
            return false;
        }
    }

    private sealed class PredictionReader : IDisposable
    {
        private readonly SerModelInfo _info;
        private readonly IReadOnlyList<string> _files;
        private readonly DataViewRowCursor _cursor;
        private readonly (string Name, ValueGetter<VBuffer<float>> Scores)[] _networks;
        private readonly ValueGetter<VBuffer<float>> _fused;
        private readonly ValueGetter<ReadOnlyMemory<char>> _predicted;
        private readonly ValueGetter<ReadOnlyMemory<char>>? _featureLabel;
        private readonly ValueGetter<VBuffer<float>>? _featureScores;

        public PredictionReader(MLContext mlContext, ITransformer model, SerModelInfo info, IReadOnlyList<string> files)
        {
            _info = info;
            _files = files;
            var scored = model.Transform(SerInput.Load(mlContext, files));
            var schema = scored.Schema;
            var networks = info.Networks.Select(n => (n, schema[SerNetworkId.Parse(n).ScoreColumnName])).ToArray();
            var fused = schema[SerColumns.Score];
            var predicted = schema[SerColumns.PredictedLabel];
            var featureLabel = schema.GetColumnOrNull(SerColumns.FeaturePredictedLabel);
            var featureScores = schema.GetColumnOrNull(SerColumns.FeatureScore);
            _cursor = scored.GetRowCursor(networks.Select(c => c.Item2).Append(fused).Append(predicted)
                .Concat(featureLabel is { } f ? [f] : []).Concat(featureScores is { } s ? [s] : []));
            _networks = networks.Select(c => (c.n, _cursor.GetGetter<VBuffer<float>>(c.Item2))).ToArray();
            _fused = _cursor.GetGetter<VBuffer<float>>(fused);
            _predicted = _cursor.GetGetter<ReadOnlyMemory<char>>(predicted);
            _featureLabel = featureLabel is { } column ? _cursor.GetGetter<ReadOnlyMemory<char>>(column) : null;
            _featureScores = featureScores is { } scores ? _cursor.GetGetter<VBuffer<float>>(scores) : null;
        }

        /// <summary>The next file's prediction, or null after the last.</summary>
        public SerFilePrediction? Next()
        {
            if (!_cursor.MoveNext())
                return null;
            var file = _files[(int)_cursor.Position];
            return new SerFilePrediction(file, Label(_predicted), Read(_fused), _networks.Select(n => (n.Name, Read(n.Scores))).ToArray(),
                _featureLabel is { } feature ? Label(feature) : null, _info.Labels, _featureScores is { } featureScores ? Read(featureScores) : null);
        }

        public void Dispose() => _cursor.Dispose();

        private static float[] Read(ValueGetter<VBuffer<float>> getter)
        {
            VBuffer<float> buffer = default;
            getter(ref buffer);
            return buffer.DenseValues().ToArray();
        }

        private static string Label(ValueGetter<ReadOnlyMemory<char>> getter)
        {
            ReadOnlyMemory<char> label = default;
            getter(ref label);
            return label.ToString();
        }
    }
}

/// <summary>What <see cref="SerPredictor"/> predicts for one file.</summary>
/// <param name="Path">The audio file.</param>
/// <param name="Label">The score fusion's emotion.</param>
/// <param name="Scores">The fused scores in <paramref name="Labels"/> order.</param>
/// <param name="Networks">Each network's name and scores.</param>
/// <param name="FeatureLabel">The feature fusion's emotion, or null when the model has none.</param>
/// <param name="Labels">The model's class names in score order.</param>
/// <param name="FeatureScores">The feature fusion's class scores in <paramref name="Labels"/> order, or null when the model has none.</param>
public sealed record SerFilePrediction(string Path, string Label, float[] Scores, IReadOnlyList<(string Name, float[] Scores)> Networks,
    string? FeatureLabel, IReadOnlyList<string> Labels, float[]? FeatureScores = null);
