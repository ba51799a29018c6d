using System.Buffers.Binary;
using System.Text;

namespace MlNetSer.Tests.TestSupport;

/// <summary>
/// Writes a state dict in torch.save's legacy format (PyTorch &lt; 1.6, <c>_legacy_save</c> with pickle protocol 2), opcode
/// for opcode as PyTorch does: magic number, protocol version, system info, the OrderedDict whose tensors are
/// <c>_rebuild_tensor_v2(persistent storage, offset, size, stride, requires_grad, hooks)</c>, the storage keys, then each
/// storage as an int64 element count and its little-endian floats.
/// </summary>
internal sealed class LegacyTorchWriter
{
    private readonly List<(string Key, float[] Data)> _storages = [];
    private readonly List<(string Name, string Storage, long Offset, long[] Size, long[] Stride)> _tensors = [];
    private bool _magicOk = true;

    /// <summary>Adds a storage of floats.</summary>
    public LegacyTorchWriter Storage(string key, float[] data)
    {
        _storages.Add((key, data));
        return this;
    }

    /// <summary>Adds a tensor viewing a storage.</summary>
    public LegacyTorchWriter Tensor(string name, string storage, long offset, long[] size, long[] stride)
    {
        _tensors.Add((name, storage, offset, size, stride));
        return this;
    }

    /// <summary>Adds a contiguous tensor with its own storage.</summary>
    public LegacyTorchWriter Tensor(string name, float[] data, long[] size)
    {
        var stride = new long[size.Length];
        for (long i = size.Length - 1, step = 1; i >= 0; step *= size[i], i--)
            stride[i] = step;
        Storage(name + "#storage", data);
        return Tensor(name, name + "#storage", 0, size, stride);
    }

    /// <summary>Writes a wrong magic number (to test the refusal).</summary>
    public LegacyTorchWriter WrongMagic()
    {
        _magicOk = false;
        return this;
    }

    public byte[] ToBytes()
    {
        var p = new Pickle();
        // Magic number 0x1950a86a20f9469cfc6c as LONG1, protocol version 1001, system info.
        p.Proto().Long1(_magicOk ? Convert.FromHexString("6cfc9c46f9206aa85019") : Convert.FromHexString("6dfc9c46f9206aa85019")).Stop();
        p.Proto().BinInt2(1001).Stop();
        p.Proto().EmptyDict().Put().Mark()
            .Unicode("protocol_version").BinInt2(1001)
            .Unicode("little_endian").True()
            .Unicode("type_sizes").EmptyDict().Put().Mark().Unicode("short").BinInt1(2).Unicode("int").BinInt1(4).Unicode("long").BinInt1(4).SetItems()
            .SetItems().Stop();

        p.Proto().Global("collections", "OrderedDict").Put().EmptyTuple().Reduce().Put().Mark();
        var storageMemo = new Dictionary<string, int>();
        int? typeMemo = null;
        foreach (var t in _tensors)
        {
            p.Unicode(t.Name).Global("torch._utils", "_rebuild_tensor_v2").Put();
            p.Mark();
            if (storageMemo.TryGetValue(t.Storage, out var memo))
            {
                p.BinGet(memo);
            }
            else
            {
                var numel = _storages.First(s => s.Key == t.Storage).Data.Length;
                p.Mark().Unicode("storage");
                if (typeMemo is { } m)
                    p.BinGet(m);
                else
                {
                    p.Global("torch", "FloatStorage").Memoize(out var type);
                    typeMemo = type;
                }

                p.Unicode(t.Storage).Unicode("cpu").BinInt(numel).None().Tuple().BinPersId().Memoize(out var storage);
                storageMemo[t.Storage] = storage;
            }

            p.BinInt((int)t.Offset);
            p.Mark();
            foreach (var d in t.Size)
                p.BinInt((int)d);
            p.Tuple().Mark();
            foreach (var d in t.Stride)
                p.BinInt((int)d);
            p.Tuple().False().Global("collections", "OrderedDict").EmptyTuple().Reduce().Tuple().Reduce().Put();
        }

        // The state dict's _metadata attribute, as OrderedDict.__reduce__ sets it through BUILD.
        p.SetItems().EmptyDict().Mark().Unicode("_metadata").EmptyDict().SetItems().Build().Stop();

        p.Proto().EmptyList().Put().Mark();
        foreach (var (key, _) in _storages)
            p.Unicode(key);
        p.Appends().Stop();

        var stream = new MemoryStream();
        stream.Write(p.Bytes);
        Span<byte> buffer = stackalloc byte[8];
        foreach (var (_, data) in _storages)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, data.Length);
            stream.Write(buffer);
            foreach (var value in data)
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer, value);
                stream.Write(buffer[..4]);
            }
        }

        return stream.ToArray();
    }

    private sealed class Pickle
    {
        private readonly MemoryStream _out = new();
        private int _memo;

        public byte[] Bytes => _out.ToArray();

        public Pickle Proto() => Op(0x80, 2);
        public Pickle Stop() => Op((byte)'.');
        public Pickle Mark() => Op((byte)'(');
        public Pickle None() => Op((byte)'N');
        public Pickle True() => Op(0x88);
        public Pickle False() => Op(0x89);
        public Pickle EmptyDict() => Op((byte)'}');
        public Pickle EmptyList() => Op((byte)']');
        public Pickle EmptyTuple() => Op((byte)')');
        public Pickle Tuple() => Op((byte)'t');
        public Pickle SetItems() => Op((byte)'u');
        public Pickle Appends() => Op((byte)'e');
        public Pickle Reduce() => Op((byte)'R');
        public Pickle Build() => Op((byte)'b');
        public Pickle BinPersId() => Op((byte)'Q');
        public Pickle BinInt1(byte value) => Op((byte)'K', value);
        public Pickle BinInt2(ushort value) => Op((byte)'M', (byte)value, (byte)(value >> 8));
        public Pickle BinGet(int memo)
        {
            if (memo < 256)
                return Op((byte)'h', (byte)memo);
            var bytes = new byte[5];
            bytes[0] = (byte)'j';
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), memo);
            return Op(bytes);
        }

        public Pickle BinInt(int value)
        {
            var bytes = new byte[5];
            bytes[0] = (byte)'J';
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), value);
            return Op(bytes);
        }

        public Pickle Long1(byte[] littleEndian) => Op([0x8a, (byte)littleEndian.Length, .. littleEndian]);

        public Pickle Unicode(string text)
        {
            var utf8 = Encoding.UTF8.GetBytes(text);
            var bytes = new byte[5 + utf8.Length];
            bytes[0] = (byte)'X';
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), utf8.Length);
            utf8.CopyTo(bytes, 5);
            return Op(bytes);
        }

        public Pickle Global(string module, string name) => Op([(byte)'c', .. Encoding.ASCII.GetBytes($"{module}\n{name}\n")]);

        /// <summary>BINPUT (LONG_BINPUT from 256) of the top of the stack.</summary>
        public Pickle Put() => Memoize(out _);

        public Pickle Memoize(out int index)
        {
            index = _memo++;
            if (index < 256)
                return Op((byte)'q', (byte)index);
            var bytes = new byte[5];
            bytes[0] = (byte)'r';
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), index);
            return Op(bytes);
        }

        private Pickle Op(params byte[] bytes)
        {
            _out.Write(bytes);
            return this;
        }
    }
}
