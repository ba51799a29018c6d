using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlNetSer.Transforms;

/// <summary>
/// Carries a transform's options through <c>Model.Save</c>/<c>Model.Load</c> with built-in transformers
/// only (ML.NET saves a third party's custom mapping by its contract name alone, so the options travel as the
/// value of a built-in <c>MapValue</c>), and parses them back inside the stateless mappings.
/// </summary>
internal static class CarriedOptions
{
    /// <summary>Constant key column made by <see cref="OptionsKeyMapping"/>.</summary>
    public const string KeyColumn = "__MlNetSer.OptionsKey";

    /// <summary>The options JSON column that every MlNetSer mapping reads.</summary>
    public const string OptionsColumn = "__MlNetSer.Options";

    /// <summary>The value of the constant key column.</summary>
    public const string KeyValue = "MlNetSer.Options";

    // Options parsed once per distinct JSON string; bounded so that a stream of odd models cannot grow it forever.
    private const int MaxCachedOptions = 256;
    private static readonly ConcurrentDictionary<(Type, string), object> Parsed = new();

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>
    /// Appends the options column (constant key → <c>MapValue</c> → JSON) to <paramref name="chain"/>.
    /// </summary>
    /// <remarks>
    /// The JSON names the contract it is for (<see cref="Envelope{T}"/>), so a mapping never runs on
    /// another transform's options and <see cref="SerModelInspector"/> can tell the transforms apart.
    /// </remarks>
    public static EstimatorChain<ITransformer> AppendOptions<T>(this EstimatorChain<ITransformer> chain, MLContext mlContext, string contract, T options)
        => chain
            .Append<ITransformer>(mlContext.Transforms.CustomMapping<OptionsKeyMapping.NoInput, OptionsKeyMapping.Key>(
                OptionsKeyMapping.Map, OptionsKeyMapping.ContractName))
            .Append<ITransformer>(mlContext.Transforms.Conversion.MapValue(
                OptionsColumn,
                new[] { new KeyValuePair<string, string>(KeyValue, JsonSerializer.Serialize(new Envelope<T>(contract, options), Json)) },
                KeyColumn));

    /// <summary>A deep copy through the same JSON the model carries, so every option (present and future) is kept.</summary>
    public static T Copy<T>(T options) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(options, Json), Json)!;

    /// <summary>
    /// Parses (once per distinct string) and validates options read from the options column of a row.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model carries no or unreadable options for <paramref name="contract"/>.</exception>
    public static T Read<T>(string? json, string contract, Action<T> validate) where T : class
    {
        if (string.IsNullOrEmpty(json))
            throw new InvalidOperationException($"{contract}: the model carries no options (column '{OptionsColumn}' is empty).");
        if (Parsed.TryGetValue((typeof(T), json), out var cached))
            return (T)cached;

        var options = Parse<T>(json, contract);
        try
        {
            validate(options);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{contract}: the options stored in the model are invalid: {e.Message}", e);
        }

        if (Parsed.Count >= MaxCachedOptions)
            Parsed.Clear();
        return (T)Parsed.GetOrAdd((typeof(T), json), options);
    }

    /// <summary>Parses carried options for <paramref name="contract"/> into a new object (no cache, no validation).</summary>
    /// <exception cref="InvalidOperationException">The JSON is unreadable or for another contract.</exception>
    public static T Parse<T>(string json, string contract) where T : class
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope<T>>(json, Json);
            if (envelope?.Contract != contract)
                throw new JsonException($"they are for '{envelope?.Contract}'");
            return envelope.Options ?? throw new JsonException("the options are null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new InvalidOperationException($"{contract}: the options stored in the model are unreadable: {e.Message}", e);
        }
    }

    /// <summary>Reads the contract that carried options are for, or null when <paramref name="json"/> is not carried options.</summary>
    public static string? ContractOf(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Envelope<JsonElement>>(json, Json)?.Contract;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What the model zip stores for one transform: its mapping's contract and its options.</summary>
    public sealed record Envelope<T>(string Contract, T Options);
}

/// <summary>
/// The input-less mapping that makes the constant key from which <c>MapValue</c> yields the options.
/// </summary>
internal static class OptionsKeyMapping
{
    public const string ContractName = "MlNetSer.OptionsKey.v1";

    public static void Map(NoInput input, Key output) => output.Value = CarriedOptions.KeyValue;

    /// <summary>No input columns.</summary>
    public sealed class NoInput
    {
    }

    /// <summary>The constant key column.</summary>
    public sealed class Key
    {
        [ColumnName(CarriedOptions.KeyColumn)]
        public string Value { get; set; } = "";
    }

    [CustomMappingFactoryAttribute(ContractName)]
    private sealed class Factory : CustomMappingFactory<NoInput, Key>
    {
        public override Action<NoInput, Key> GetMapping() => Map;
    }
}
