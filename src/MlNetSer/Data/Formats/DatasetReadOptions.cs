namespace MlNetSer.Data.Formats;

/// <summary>Options of <see cref="DatasetFormats.Read"/>.</summary>
public sealed class DatasetReadOptions
{
}
