using System.Buffers.Binary;
using System.Collections;
using System.Numerics;
using System.Text;
using static TorchSharp.torch;

namespace MlNetSer.Models;

/// <summary>
/// Reads a state dict saved by <c>torch.save</c> before PyTorch 1.6 (the "legacy" format, e.g. torchvision's
/// <c>vgg16-397923af.pth</c>), which TorchSharp.PyBridge does not read: five pickles back to back (magic number,
/// protocol version, system info, the object with its tensors' storages as persistent ids, the storage keys), then
/// each storage's element count (int64) and raw little-endian bytes in the order of the keys.
/// </summary>
/// <remarks>
/// Only what a state dict needs is interpreted: dicts, lists, tuples, numbers, strings, <c>collections.OrderedDict</c>
/// and torch's tensor rebuild functions. Any other global (a whole pickled model, arbitrary code) is refused, so a file
/// cannot make the reader run anything.
/// </remarks>
internal static class LegacyTorchFile
{
    private static readonly BigInteger Magic = BigInteger.Parse("119547037146038801333356", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether the stream starts like a legacy file: a protocol-2 pickle of the magic number.</summary>
    /// <param name="head">The file's first bytes.</param>
    public static bool Sniff(ReadOnlySpan<byte> head) => head.Length >= 3 && head[0] == 0x80 && head[1] <= 5 && head[2] == 0x8a;

    /// <summary>The top-level object: string-keyed dicts (<see cref="Hashtable"/>) whose tensors are TorchSharp tensors on the CPU.</summary>
    /// <param name="stream">The file, positioned at its start.</param>
    /// <exception cref="InvalidDataException">Not a legacy torch file, truncated, or holding something other than tensors and plain data.</exception>
    public static object? Read(Stream stream)
    {
        var machine = new Machine(stream);
        if (machine.Load() is not BigInteger magic || magic != Magic)
            throw new InvalidDataException("not a legacy torch.save file (bad magic number)");
        if (machine.Load() is not (long and 1001))
            throw new InvalidDataException("unsupported legacy torch.save protocol version");
        if (machine.Load() is Hashtable info && info["little_endian"] is false)
            throw new InvalidDataException("big-endian legacy torch.save file");
        var root = machine.Load();
        if (machine.Load() is not List<object?> keys)
            throw new InvalidDataException("legacy torch.save file without its list of storage keys");

        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        Span<byte> count = stackalloc byte[8];
        foreach (var key in keys.Cast<string>())
        {
            if (!machine.Storages.TryGetValue(key, out var storage))
                throw new InvalidDataException($"storage '{key}' is listed but no tensor uses it");
            stream.ReadExactly(count);
            var elements = BinaryPrimitives.ReadInt64LittleEndian(count);
            var bytes = checked(elements * storage.ElementSize);
            if (elements < 0 || bytes > Array.MaxLength)
                throw new InvalidDataException($"storage '{key}' claims {elements} elements");
            var buffer = GC.AllocateUninitializedArray<byte>((int)bytes);
            stream.ReadExactly(buffer);
            data[key] = buffer;
        }

        return Materialise(root, data);
    }

    // Replaces every tensor reference by a TorchSharp tensor holding its view of the storage.
    private static object? Materialise(object? value, Dictionary<string, byte[]> data)
    {
        switch (value)
        {
            case TensorRef t:
                if (!data.TryGetValue(t.Storage.Key, out var bytes))
                    throw new InvalidDataException($"storage '{t.Storage.Key}' has no data");
                var elements = bytes.Length / t.Storage.ElementSize;
                using (var flat = empty(elements, t.Storage.Type))
                {
                    flat.bytes = bytes;
                    using var view = flat.as_strided(t.Size, t.Stride, t.Offset);
                    using var contiguous = view.contiguous();
                    return contiguous.clone();
                }

            case Hashtable table:
                var result = new Hashtable();
                foreach (DictionaryEntry entry in table)
                    result[entry.Key] = Materialise(entry.Value, data);
                return result;
            case List<object?> list:
                return list.Select(v => Materialise(v, data)).ToList();
            default:
                return value;
        }
    }

    private sealed record Global(string Module, string Name)
    {
        public string FullName => $"{Module}.{Name}";
    }

    private sealed record StorageRef(string Key, ScalarType Type, int ElementSize);

    private sealed record TensorRef(StorageRef Storage, long Offset, long[] Size, long[] Stride);

    private sealed class Mark
    {
        public static readonly Mark Instance = new();
    }

    /// <summary>A pickle virtual machine for the opcodes of protocols 0–4 that state dicts use.</summary>
    private sealed class Machine(Stream stream)
    {
        private readonly Dictionary<long, object?> _memo = [];
        private readonly List<object?> _stack = [];

        public Dictionary<string, StorageRef> Storages { get; } = new(StringComparer.Ordinal);

        public object? Load()
        {
            _stack.Clear();
            while (true)
            {
                var op = ReadByte();
                switch (op)
                {
                    case 0x80: ReadByte(); break; // PROTO
                    case 0x95: ReadBytes(8); break; // FRAME
                    case (byte)'.': return Pop(); // STOP
                    case (byte)'(': Push(Mark.Instance); break;
                    case (byte)'0': Pop(); break;
                    case (byte)'1': PopMark(); break;
                    case (byte)'2': Push(_stack[^1]); break;
                    case (byte)'N': Push(null); break;
                    case 0x88: Push(true); break;
                    case 0x89: Push(false); break;
                    case (byte)'K': Push((long)ReadByte()); break;
                    case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break;
                    case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break;
                    case 0x8a: Push(Long(ReadBytes(ReadByte()))); break;
                    case 0x8b: Push(Long(ReadBytes(Length(BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4)))))); break;
                    case (byte)'I': Push(TextInt(ReadLine())); break;
                    case (byte)'L': Push(Normalise(BigInteger.Parse(ReadLine().TrimEnd('L'), System.Globalization.CultureInfo.InvariantCulture))); break;
                    case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break;
                    case (byte)'X': Push(Encoding.UTF8.GetString(ReadBytes(Length(BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4)))))); break;
                    case 0x8c: Push(Encoding.UTF8.GetString(ReadBytes(ReadByte()))); break;
                    case (byte)'T': Push(Encoding.Latin1.GetString(ReadBytes(Length(BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4)))))); break;
                    case (byte)'U': Push(Encoding.Latin1.GetString(ReadBytes(ReadByte()))); break;
                    case (byte)'B': Push(ReadBytes(Length(BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))))); break;
                    case (byte)'C': Push(ReadBytes(ReadByte())); break;
                    case (byte)'}': Push(new Hashtable()); break;
                    case (byte)']': Push(new List<object?>()); break;
                    case (byte)')': Push(Array.Empty<object?>()); break;
                    case (byte)'t': Push(PopMark().ToArray()); break;
                    case 0x85: Push(new[] { Pop() }); break;
                    case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; }
                    case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; }
                    case (byte)'l': Push(PopMark()); break;
                    case (byte)'d': Push(Dict(PopMark())); break;
                    case (byte)'a': { var v = Pop(); ListAt(1).Add(v); break; }
                    case (byte)'e': { var items = PopMark(); ListAt(1).AddRange(items); break; }
                    case (byte)'s': { var v = Pop(); var k = Pop(); DictAt(1)[Key(k)] = v; break; }
                    case (byte)'u': { var items = PopMark(); var d = DictAt(1); for (var i = 0; i + 1 < items.Count; i += 2) d[Key(items[i])] = items[i + 1]; break; }
                    case (byte)'q': _memo[ReadByte()] = _stack[^1]; break;
                    case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))] = _stack[^1]; break;
                    case (byte)'p': _memo[TextInt(ReadLine())] = _stack[^1]; break;
                    case 0x94: _memo[_memo.Count] = _stack[^1]; break;
                    case (byte)'h': Push(Memo(ReadByte())); break;
                    case (byte)'j': Push(Memo(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break;
                    case (byte)'g': Push(Memo(TextInt(ReadLine()))); break;
                    case (byte)'c': Push(new Global(ReadLine(), ReadLine())); break;
                    case 0x93: { var name = Pop() as string; var module = Pop() as string; Push(new Global(module ?? "", name ?? "")); break; }
                    case (byte)'Q': Push(Persistent(Pop())); break;
                    case (byte)'R': { var args = Pop() as object?[] ?? throw Bad("REDUCE without an argument tuple"); Push(Call(Pop(), args)); break; }
                    case 0x81: { var args = Pop() as object?[] ?? throw Bad("NEWOBJ without an argument tuple"); Push(Call(Pop(), args)); break; }
                    case (byte)'b': Pop(); break; // BUILD: an OrderedDict's _metadata (version numbers) is not needed
                    default: throw Bad($"pickle opcode 0x{op:x2} is not used by state dicts");
                }
            }
        }

        private static object Call(object? callable, object?[] args)
        {
            if (callable is not Global global)
                throw Bad("a call of something that is not a global");
            switch (global.FullName)
            {
                case "collections.OrderedDict":
                    return new Hashtable();
                case "torch._utils._rebuild_tensor":
                case "torch._utils._rebuild_tensor_v2":
                    if (args.Length < 4 || args[0] is not StorageRef storage)
                        throw Bad($"{global.FullName} without a storage");
                    return new TensorRef(storage, Int(args[1]), Ints(args[2]), Ints(args[3]));
                case "torch._utils._rebuild_parameter":
                    return args.Length > 0 && args[0] is TensorRef data ? data : throw Bad("_rebuild_parameter without a tensor");
                default:
                    throw Bad($"it calls {global.FullName}: only state dicts (tensors and plain data) are read, not pickled objects or models");
            }
        }

        private object Persistent(object? pid)
        {
            if (pid is not object?[] { Length: >= 5 } tuple || tuple[0] is not "storage" || tuple[1] is not Global type || tuple[2] is not string key)
                throw Bad("a persistent id that is not a tensor storage");
            if (tuple.Length > 5 && tuple[5] is not null)
                throw Bad($"storage '{key}' is a view of another storage (not supported; re-save the state dict)");
            var (scalar, size) = type.Name switch
            {
                "FloatStorage" => (ScalarType.Float32, 4),
                "DoubleStorage" => (ScalarType.Float64, 8),
                "HalfStorage" => (ScalarType.Float16, 2),
                "BFloat16Storage" => (ScalarType.BFloat16, 2),
                "LongStorage" => (ScalarType.Int64, 8),
                "IntStorage" => (ScalarType.Int32, 4),
                "ShortStorage" => (ScalarType.Int16, 2),
                "CharStorage" => (ScalarType.Int8, 1),
                "ByteStorage" => (ScalarType.Byte, 1),
                "BoolStorage" => (ScalarType.Bool, 1),
                _ => throw Bad($"unsupported storage type {type.FullName}"),
            };
            if (!Storages.TryGetValue(key, out var storage))
                Storages[key] = storage = new StorageRef(key, scalar, size);
            return storage;
        }

        private static long Int(object? value) => value is long l ? l : throw Bad($"expected an integer, found {value?.GetType().Name ?? "None"}");

        private static long[] Ints(object? value) => value is object?[] items ? items.Select(Int).ToArray() : throw Bad("expected a tuple of integers");

        private static string Key(object? key) => key as string ?? throw Bad("a dict key that is not a string");

        private static Hashtable Dict(List<object?> items)
        {
            var table = new Hashtable();
            for (var i = 0; i + 1 < items.Count; i += 2)
                table[Key(items[i])] = items[i + 1];
            return table;
        }

        private static object Long(byte[] bytes) => Normalise(new BigInteger(bytes, isUnsigned: false, isBigEndian: false));

        private static object Normalise(BigInteger value) => value >= long.MinValue && value <= long.MaxValue ? (long)value : value;

        private static long TextInt(string line) => line switch
        {
            "00" => 0,
            "01" => 1,
            _ => long.Parse(line, System.Globalization.CultureInfo.InvariantCulture),
        };

        private static int Length(int length) => length >= 0 ? length : throw Bad($"negative length {length}");

        private object? Memo(long index) => _memo.TryGetValue(index, out var value) ? value : throw Bad($"memo entry {index} is missing");

        private List<object?> ListAt(int depth) => _stack[^depth] as List<object?> ?? throw Bad("APPEND to something that is not a list");

        private Hashtable DictAt(int depth) => _stack[^depth] as Hashtable ?? throw Bad("SETITEM on something that is not a dict");

        private void Push(object? value) => _stack.Add(value);

        private object? Pop()
        {
            if (_stack.Count == 0)
                throw Bad("pickle stack underflow");
            var value = _stack[^1];
            _stack.RemoveAt(_stack.Count - 1);
            return value;
        }

        private List<object?> PopMark()
        {
            var mark = _stack.FindLastIndex(v => ReferenceEquals(v, Mark.Instance));
            if (mark < 0)
                throw Bad("pickle MARK missing");
            var items = _stack.GetRange(mark + 1, _stack.Count - mark - 1);
            _stack.RemoveRange(mark, _stack.Count - mark);
            return items;
        }

        private byte ReadByte()
        {
            var value = stream.ReadByte();
            return value >= 0 ? (byte)value : throw new EndOfStreamException("the file ends inside a pickle");
        }

        private byte[] ReadBytes(int count)
        {
            var bytes = new byte[count];
            stream.ReadExactly(bytes);
            return bytes;
        }

        private string ReadLine()
        {
            var bytes = new List<byte>();
            for (var b = ReadByte(); b != (byte)'\n'; b = ReadByte())
                bytes.Add(b);
            return Encoding.UTF8.GetString(bytes.ToArray());
        }

        private static InvalidDataException Bad(string what) => new($"not a readable state dict: {what}");
    }
}
