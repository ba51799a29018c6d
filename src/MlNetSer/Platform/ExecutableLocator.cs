namespace MlNetSer.Platform;

/// <summary>
/// Finds an external program the way a shell would, without running one: an explicit path from the user (an
/// environment variable) when set, otherwise the first match on the search path.
/// </summary>
internal static class ExecutableLocator
{
    /// <summary>
    /// The full path of <paramref name="program"/>: <paramref name="overridePath"/> when it is set (null when that
    /// file does not exist: an explicit choice is never silently replaced by another program), otherwise the first
    /// match in <paramref name="searchPath"/>.
    /// </summary>
    public static string? Locate(string program, string? overridePath, string? searchPath)
    {
        if (!string.IsNullOrWhiteSpace(overridePath))
            return File.Exists(overridePath) ? Path.GetFullPath(overridePath) : null;
        return Search(program, searchPath);
    }

    /// <summary>The first <paramref name="program"/> in <paramref name="searchPath"/> (directories separated by the platform's separator), or null.</summary>
    public static string? Search(string program, string? searchPath)
    {
        if (string.IsNullOrEmpty(searchPath))
            return null;

        var name = ExecutableName(program);
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory.Trim('"'), name);
            if (File.Exists(candidate))
                return candidate;
        }

        return null;
    }

    /// <summary>The program's file name on this platform (<c>.exe</c> on Windows).</summary>
    public static string ExecutableName(string program) => OperatingSystem.IsWindows() ? program + ".exe" : program;
}
