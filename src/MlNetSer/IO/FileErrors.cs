using System.Text.RegularExpressions;

namespace MlNetSer.IO;

/// <summary>
/// Turns .NET's file-system exceptions into a short reason for a one-line error about the file the user named, not
/// about a hidden temporary file ("Read-only file system : '/out/.model.zip.123.ab….tmp'", "Could not find file …").
/// </summary>
public static partial class FileErrors
{
    /// <summary>The reason alone: "read-only file system", "permission denied", "no space left on device", …</summary>
    public static string Reason(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message.Trim();
        if (exception is UnauthorizedAccessException || message.StartsWith("Access to the path", StringComparison.Ordinal))
            return "permission denied";
        if (exception is DirectoryNotFoundException || message.StartsWith("Could not find a part of the path", StringComparison.Ordinal))
            return "a folder on its path does not exist";
        if (exception is FileNotFoundException || message.StartsWith("Could not find file", StringComparison.Ordinal))
            return "the file or its folder disappeared or cannot be written";
        var reason = PathSuffix().Replace(message, string.Empty).Trim().TrimEnd('.');
        return reason.Length == 0 ? exception.GetType().Name : char.ToLowerInvariant(reason[0]) + reason[1..];
    }

    /// <summary>An <see cref="IOException"/> reading "<paramref name="path"/>: cannot be written: <see cref="Reason"/>", wrapping <paramref name="exception"/>.</summary>
    public static IOException CannotWrite(string path, Exception exception)
        => new($"{path}: cannot be written: {Reason(exception)}", exception);

    // .NET's Unix messages end with " : '<path>'".
    [GeneratedRegex(@"\s*:\s*'[^']*'\s*$")]
    private static partial Regex PathSuffix();
}
