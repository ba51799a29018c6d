using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSer.Pipeline;

/// <summary>
/// The networks' part of a fused model as a data view over the front end's output: every input column, then each
/// network's utterance scores and features, computed by <see cref="NetworkBatchRunner"/>s on the segments of up to
/// <see cref="SerBatchScoringOptions.MaxUtterances"/> rows read ahead at once. The cursor holds copies of the active
/// input columns of the rows read ahead (not the segment tensors, which go straight to the networks), and reads the
/// front end through one cursor of its own, in its own thread, so that no further rows are computed and held.
/// </summary>
internal sealed class BatchScoredDataView : IDataView
{
    private readonly IDataView _input;
    private readonly IReadOnlyList<NetworkBatchRunner> _networks;
    private readonly SerBatchScoringOptions _options;

    /// <param name="input">The front end's output, with each network's segment column.</param>
    /// <param name="networks">The networks in pipeline order.</param>
    /// <param name="outputTypes">Per network, the score and features column types the model's own network chain gives them.</param>
    /// <param name="options">Batch size and read-ahead.</param>
    public BatchScoredDataView(IDataView input, IReadOnlyList<NetworkBatchRunner> networks,
        IReadOnlyList<(DataViewSchema.Column Score, DataViewSchema.Column Features)> outputTypes, SerBatchScoringOptions options)
    {
        _input = input;
        _networks = networks;
        _options = options;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input.Schema);
        foreach (var (score, features) in outputTypes)
        {
            builder.AddColumn(score.Name, score.Type, score.Annotations);
            builder.AddColumn(features.Name, features.Type, features.Annotations);
        }

        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(this, columnsNeeded);

    // Reading ahead is the point: one cursor, never a split that would cut the batches.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly BatchScoredDataView _parent;
        private readonly bool[] _active;
        private readonly DataViewRowCursor _input;
        private readonly ValueGetter<DataViewRowId> _inputId;
        private readonly Dictionary<int, ColumnBuffer> _buffers = [];
        private readonly List<Scored> _scored = [];
        private readonly List<DataViewRowId> _ids = [];
        private int _rows;
        private int _slot = -1;
        private long _position = -1;
        private bool _inputDone;

        public Cursor(BatchScoredDataView parent, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            _parent = parent;
            _active = new bool[parent.Schema.Count];
            foreach (var column in columnsNeeded)
                _active[column.Index] = true;

            var inputSchema = parent._input.Schema;
            var neededInput = Enumerable.Range(0, inputSchema.Count).Where(i => _active[i]).ToHashSet();
            for (var n = 0; n < parent._networks.Count; n++)
            {
                var scoreIndex = inputSchema.Count + 2 * n;
                if (!_active[scoreIndex] && !_active[scoreIndex + 1])
                    continue;
                var network = parent._networks[n];
                var segments = inputSchema[network.Info.SegmentColumnName];
                neededInput.Add(segments.Index);
                _scored.Add(new Scored(network, segments, scoreIndex));
            }

            _input = SerialCursor(parent._input, neededInput.Select(i => inputSchema[i]).ToArray());
            _inputId = _input.GetIdGetter();
            foreach (var index in neededInput.Where(i => _active[i]))
                _buffers[index] = ColumnBuffer.Create(_input, inputSchema[index]);
            foreach (var scored in _scored)
                scored.Getter = _input.GetGetter<VBuffer<float>>(scored.SegmentColumn);
        }

        public override DataViewSchema Schema => _parent.Schema;

        // The front end's rows one at a time, computed in this thread as they are read. GetRowCursor over ML.NET
        // transforms splits the rows among worker threads and consolidates their output in batches of up to 128 rows,
        // 4 batches queued and one more per worker: the front end being far faster than the networks, up to about 900
        // rows of segment tensors (1.5 GB at the paper's settings) waited there whatever MaxUtterances, and the memory of
        // predict and evaluate grew with the number of files up to that (issue 11). A set of one cursor is neither split
        // nor consolidated. The front end takes about 3 % of the networks' time at the paper's settings, so computing it
        // here costs no measurable speed. Should a view give several cursors anyway, its own cursor is used.
        private static DataViewRowCursor SerialCursor(IDataView input, DataViewSchema.Column[] columns)
        {
            var set = input.GetRowCursorSet(columns, n: 1);
            if (set.Length == 1)
                return set[0];
            foreach (var cursor in set)
                cursor.Dispose();
            return input.GetRowCursor(columns);
        }

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override bool MoveNext()
        {
            if (_slot + 1 >= _rows && !ReadAhead())
                return false;
            _slot++;
            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter()
            => (ref DataViewRowId value) => value = _ids[_slot];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active[column.Index])
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
            if (_buffers.TryGetValue(column.Index, out var buffer))
                return ((ColumnBuffer<TValue>)buffer).Getter(() => _slot);

            var scored = _scored.Single(s => s.ScoreIndex == column.Index || s.ScoreIndex + 1 == column.Index);
            var isScore = scored.ScoreIndex == column.Index;
            var width = isScore ? scored.Network.Classes : scored.Network.FeatureSize;
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                var source = (isScore ? scored.Scores : scored.Features).AsSpan(_slot * width, width);
                var editor = VBufferEditor.Create(ref value, width);
                source.CopyTo(editor.Values);
                value = editor.Commit();
            };
            return (ValueGetter<TValue>)(Delegate)getter;
        }

        // Reads up to MaxUtterances rows, stopping once every network has BatchSegments segments waiting, and scores them.
        private bool ReadAhead()
        {
            _rows = 0;
            _slot = -1;
            _ids.Clear();
            foreach (var scored in _scored)
                scored.Start();
            var options = _parent._options;
            while (!_inputDone && _rows < options.MaxUtterances)
            {
                if (!_input.MoveNext())
                {
                    _inputDone = true;
                    break;
                }

                DataViewRowId id = default;
                _inputId(ref id);
                _ids.Add(id);
                foreach (var buffer in _buffers.Values)
                    buffer.Capture(_rows);
                foreach (var scored in _scored)
                    scored.Capture();
                _rows++;
                if (_scored.All(s => s.Waiting >= options.BatchSegments))
                    break;
            }

            foreach (var scored in _scored)
                scored.Run(_rows, options.BatchSegments);
            return _rows > 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _input.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>One network's read-ahead: the segments of the rows read, then their utterance outputs.</summary>
    private sealed class Scored(NetworkBatchRunner network, DataViewSchema.Column segmentColumn, int scoreIndex)
    {
        private readonly List<int> _counts = [];
        private float[] _segments = [];
        private int _used;
        private VBuffer<float> _row;

        public NetworkBatchRunner Network { get; } = network;

        public DataViewSchema.Column SegmentColumn { get; } = segmentColumn;

        /// <summary>Index of the score column in the view's schema; the features column follows it.</summary>
        public int ScoreIndex { get; } = scoreIndex;

        public ValueGetter<VBuffer<float>> Getter { get; set; } = null!;

        public float[] Scores { get; private set; } = [];

        public float[] Features { get; private set; } = [];

        /// <summary>Segments read and not scored yet.</summary>
        public int Waiting => _used / Network.SegmentSize;

        public void Start()
        {
            _counts.Clear();
            _used = 0;
        }

        public void Capture()
        {
            Getter(ref _row);
            var length = _row.Length;
            if (length % Network.SegmentSize != 0)
            {
                throw new InvalidOperationException(
                    $"Column '{SegmentColumn.Name}' holds {length} floats, not a whole number of {Network.Info.Network} segments of {Network.SegmentSize}.");
            }

            if (_used + length > _segments.Length)
                Array.Resize(ref _segments, Math.Max(_used + length, 2 * _segments.Length));
            _row.CopyTo(_segments.AsSpan(_used, length));
            _counts.Add(length / Network.SegmentSize);
            _used += length;
        }

        public void Run(int rows, int batchSegments)
        {
            if (Scores.Length < rows * Network.Classes)
                Scores = new float[rows * Network.Classes];
            if (Features.Length < rows * Network.FeatureSize)
                Features = new float[rows * Network.FeatureSize];
            Network.Score(_segments, _counts, batchSegments, Scores, Features);
        }
    }
}
