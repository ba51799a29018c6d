using System.Buffers.Binary;
using System.Collections;
using System.Text;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MlNetSer.Models;

/// <summary>
/// Initialises a network from a PyTorch state dict that a user supplies: a <c>torch.save(model.state_dict())</c>
/// file (<c>.pt</c>, <c>.pth</c>, <c>.bin</c>; the zip format of PyTorch ≥ 1.6 through TorchSharp.PyBridge, the legacy
/// format of older files such as torchvision's <c>vgg16-397923af.pth</c> through <see cref="LegacyTorchFile"/>) or a
/// <c>.safetensors</c> file (no Python involved). Tensors are matched by name (torchvision names for the 2D backbones, <see cref="Backbone2d"/>), so e.g.
/// torchvision's ImageNet AlexNet fills every layer except the 1000-way head, which keeps the fresh C-way
/// initialisation; training then fine-tunes all layers.
/// </summary>
/// <example>
/// <code>
/// using var network = new AlexNet2d(new Backbone2dOptions { Classes = 7 });
/// var report = PretrainedWeights.LoadStateDict(network, "alexnet-owt-7be5be79.pth");
/// Console.WriteLine(report); // 14 tensors loaded, 2 head tensors kept fresh, ...
/// </code>
/// </example>
public static class PretrainedWeights
{
    /// <summary>
    /// Copies the tensors of a state dict into <paramref name="network"/>'s parameters and buffers
    /// (BatchNorm running statistics included), converting dtype and device as needed.
    /// </summary>
    /// <param name="network">The network to initialise; its classification head is the last layer of <see cref="SerNetwork.Layers"/>.</param>
    /// <param name="path">A <c>torch.save</c> file (zip format, or the legacy format before PyTorch 1.6) or a safetensors file; the format is told by content.</param>
    /// <param name="options">Strictness and key prefixes to strip; null for the defaults.</param>
    /// <returns>Which keys were loaded, skipped, missing or unexpected.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a readable state dict (unknown format, truncated, corrupt, a whole pickled model), or,
    /// when <see cref="PretrainedWeightsOptions.Strict"/>, a non-head key is missing or has another shape.
    /// The message names the file and, for mismatches, the key and both shapes.
    /// </exception>
    public static PretrainedWeightsReport LoadStateDict(SerNetwork network, string path, PretrainedWeightsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new PretrainedWeightsOptions();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: state-dict file not found.", path);
        }

        CheckTorchvisionDigest(path);
        var source = Read(path);
        try
        {
            return Copy(network, path, StripPrefixes(source, options.StripPrefixes, path), options.Strict);
        }
        finally
        {
            foreach (var tensor in source.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>
    /// Wraps a network factory so that every network it creates starts from the state dict at
    /// <paramref name="path"/> (for trainers that take a <c>Func&lt;SerNetwork&gt;</c>).
    /// </summary>
    /// <param name="create">Creates the freshly initialised network.</param>
    /// <param name="path">The state-dict file (see <see cref="LoadStateDict"/>).</param>
    /// <param name="options">Options passed to <see cref="LoadStateDict"/>.</param>
    public static Func<SerNetwork> Initializing(Func<SerNetwork> create, string path, PretrainedWeightsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return () =>
        {
            var network = create();
            try
            {
                LoadStateDict(network, path, options);
                return network;
            }
            catch
            {
                network.Dispose();
                throw;
            }
        };
    }

    // A torchvision file whose content does not match the digest in its name is a partial or damaged download; loading it
    // would either fail obscurely or, worse, fine-tune from wrong weights.
    private static void CheckTorchvisionDigest(string path)
    {
        if (Backbone2d.TorchvisionSha256Prefix(Path.GetFileName(path)) is not { } expected)
            return;
        string actual;
        using (var stream = File.OpenRead(path))
            actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
        if (!actual.StartsWith(expected, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"{path}: SHA-256 {actual[..16]}… does not begin with {expected} as torchvision's file of this name does: a partial or damaged download; download it again.");
        }
    }

    /// <summary>The parameter names of the network's classification head (its last <see cref="SerNetwork.Layers"/> entry).</summary>
    /// <param name="network">The network.</param>
    public static IReadOnlySet<string> HeadKeys(SerNetwork network)
    {
        var head = network.Layers[^1];
        return head.Module.named_parameters().Select(p => $"{head.Path}.{p.name}").ToHashSet(StringComparer.Ordinal);
    }

    private static PretrainedWeightsReport Copy(SerNetwork network, string path, Dictionary<string, Tensor> source, bool strict)
    {
        var head = HeadKeys(network);
        var loaded = new List<string>();
        var skippedHead = new List<string>();
        var missing = new List<string>();
        var mismatched = new List<string>();
        // The input normalisation is ours, set from the training data: never taken from a backbone's file.
        var ownInput = network.Normalization is null ? null : network.Layers[0].Path + ".";
        var targets = network.named_parameters().Select(p => (p.name, tensor: (Tensor)p.parameter))
            .Concat(network.named_buffers().Select(b => (b.name, tensor: b.buffer)))
            .Where(t => ownInput is null || !t.name.StartsWith(ownInput, StringComparison.Ordinal))
            .ToList();

        using (no_grad())
        using (NewDisposeScope())
        {
            foreach (var (key, target) in targets)
            {
                if (!source.TryGetValue(key, out var value))
                {
                    missing.Add(key);
                    continue;
                }

                if (!SameShape(value.shape, target.shape))
                {
                    if (head.Contains(key))
                        skippedHead.Add(key);
                    else
                        mismatched.Add($"{key}: file [{string.Join(", ", value.shape)}] vs network [{string.Join(", ", target.shape)}]");
                    continue;
                }

                target.copy_(value.to(target.dtype, target.device).reshape(target.shape));
                loaded.Add(key);
            }
        }

        // Old checkpoints lack BatchNorm's step counter and PyTorch accepts that; a missing head is what a
        // headless backbone file looks like.
        var fatalMissing = missing.Where(k => !head.Contains(k) && !k.EndsWith(".num_batches_tracked", StringComparison.Ordinal)).ToList();
        if (strict && (mismatched.Count > 0 || fatalMissing.Count > 0))
        {
            var problems = mismatched.Select(m => "shape mismatch " + m)
                .Concat(fatalMissing.Select(k => $"missing key {k} (network [{string.Join(", ", targets.First(t => t.name == k).tensor.shape)}])"));
            throw new InvalidDataException(
                $"{path}: state dict does not fit {network.Name}: {string.Join("; ", problems.Take(10))}"
                + (mismatched.Count + fatalMissing.Count > 10 ? $"; … {mismatched.Count + fatalMissing.Count - 10} more" : "")
                + ". Only the classification head may differ (PretrainedWeightsOptions.Strict = false loads what fits).");
        }

        var known = targets.Select(t => t.name).ToHashSet(StringComparer.Ordinal);
        var unexpected = source.Keys.Where(k => !known.Contains(k) && !(ownInput is not null && k.StartsWith(ownInput, StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList();
        return new PretrainedWeightsReport(
            path,
            loaded,
            skippedHead,
            missing,
            unexpected,
            mismatched);
    }

    // PyBridge's unpickler gives a 0-dim tensor (e.g. num_batches_tracked) the shape [1].
    private static bool SameShape(long[] file, long[] network) =>
        file.AsSpan().SequenceEqual(network)
        || (file.Length <= 1 && network.Length <= 1 && file.Aggregate(1L, (a, b) => a * b) == 1 && network.Aggregate(1L, (a, b) => a * b) == 1);

    private static Dictionary<string, Tensor> StripPrefixes(Dictionary<string, Tensor> source, IList<string> prefixes, string path)
    {
        var stripped = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, tensor) in source)
        {
            var prefix = prefixes.FirstOrDefault(p => p.Length > 0 && key.StartsWith(p, StringComparison.Ordinal));
            var name = prefix is null ? key : key[prefix.Length..];
            if (!stripped.TryAdd(name, tensor))
            {
                throw new InvalidDataException($"{path}: keys '{key}' and another one both become '{name}' after stripping prefixes.");
            }
        }

        return stripped;
    }

    private static Dictionary<string, Tensor> Read(string path)
    {
        var format = Sniff(path);
        try
        {
            return format == Format.Safetensors ? Safetensors.LoadStateDict(path) : FromPickle(path, format);
        }
        catch (Exception e) when (e is not InvalidDataException and not OutOfMemoryException)
        {
            // PyBridge and its unpickler throw whatever their parsers hit (EndOfStream, JSON, pickle, cast
            // errors, NotImplemented for whole models); to a user they all mean "this file is not usable".
            throw new InvalidDataException(
                $"{path}: truncated or corrupt {(format == Format.Safetensors ? "safetensors" : "PyTorch")} file, or not a state dict ({e.GetType().Name}: {e.Message})", e);
        }
    }

    private static Dictionary<string, Tensor> FromPickle(string path, Format format)
    {
        Hashtable table;
        try
        {
            using var stream = File.OpenRead(path);
            table = format == Format.PyTorchLegacy
                ? LegacyTorchFile.Read(new BufferedStream(stream, 1 << 16)) as Hashtable ?? throw new InvalidDataException("the file holds no dict")
                : PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: truncated or corrupt PyTorch file ({e.Message})", e);
        }

        var tensors = TensorsOf(table) ?? NestedStateDict(table);
        if (tensors is null)
        {
            DisposeAll(table);
            throw new InvalidDataException(
                $"{path}: holds no state dict (a dict of tensors, or a checkpoint with 'state_dict' / 'model' / 'model_state_dict'); "
                + $"top-level keys: {string.Join(", ", table.Keys.Cast<object>().Take(10))}.");
        }

        return tensors;
    }

    // Training checkpoints commonly wrap the state dict next to optimizer state and counters.
    private static Dictionary<string, Tensor>? NestedStateDict(Hashtable table)
    {
        foreach (var name in new[] { "state_dict", "model_state_dict", "model" })
        {
            if (table[name] is Hashtable inner && TensorsOf(inner) is { } tensors)
            {
                foreach (DictionaryEntry other in table)
                {
                    if (!ReferenceEquals(other.Value, inner))
                    {
                        DisposeAll(other.Value);
                    }
                }

                return tensors;
            }
        }

        return null;
    }

    private static Dictionary<string, Tensor>? TensorsOf(Hashtable table)
    {
        if (table.Count == 0 || table.Values.Cast<object?>().Any(v => v is not Tensor) || table.Keys.Cast<object>().Any(k => k is not string))
        {
            return null;
        }

        return table.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (Tensor)e.Value!, StringComparer.Ordinal);
    }

    private static void DisposeAll(object? value)
    {
        switch (value)
        {
            case Tensor tensor:
                tensor.Dispose();
                break;
            case IDictionary dictionary:
                foreach (var item in dictionary.Values)
                {
                    DisposeAll(item);
                }

                break;
            case IEnumerable items and not string:
                foreach (var item in items)
                {
                    DisposeAll(item);
                }

                break;
        }
    }

    private enum Format
    {
        PyTorchZip,
        PyTorchLegacy,
        Safetensors,
    }

    /// <summary>Tells the format from the first bytes, since users' file names are not reliable.</summary>
    private static Format Sniff(string path)
    {
        Span<byte> head = stackalloc byte[9];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        if (read >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
        {
            return Format.PyTorchZip;
        }

        // safetensors: little-endian u64 header length, then the JSON header.
        var length = new FileInfo(path).Length;
        if (read == 9 && head[8] == (byte)'{' && BinaryPrimitives.ReadUInt64LittleEndian(head) is var json && json > 1 && (long)json <= length - 8)
        {
            return Format.Safetensors;
        }

        if (LegacyTorchFile.Sniff(head[..read]))
        {
            return Format.PyTorchLegacy;
        }

        var what = Path.GetExtension(path).Equals(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? "truncated or corrupt safetensors file (bad header)"
            : "not a PyTorch state dict (neither a torch.save zip nor safetensors)";
        throw new InvalidDataException($"{path}: {what}; first bytes {Convert.ToHexString(head[..read])} ({Encoding.ASCII.GetString(head[..read]).Replace('\0', '.')}).");
    }
}
