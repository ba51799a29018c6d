using MlNetSer.Audio;

namespace MlNetSer.Data.Formats;

/// <summary>
/// Turns a dataset folder laid out as a known corpus (RAVDESS, CREMA-D, EmoDB, TESS, AFEW, or one sub-folder
/// per label) into a <see cref="SerManifest"/> with labels from one vocabulary (<see cref="EmotionLabels"/>).
/// </summary>
/// <remarks>
/// Files are read in ordinal order of their path under the folder; hidden files (macOS' <c>._x.wav</c>) and
/// <c>__MACOSX</c> folders are passed over. Links to folders are not followed, a file reached through several links
/// is listed once, and FIFOs, sockets and devices are never opened: each of these is reported as a problem. A file whose name or place the format cannot read, and (with
/// <see cref="DatasetReadOptions.CheckAudio"/>) one that cannot be decoded, becomes a <see cref="ManifestProblem"/>
/// naming the file (line 0), never a silent drop. Each entry's line is the one it has in the manifest
/// <see cref="SerManifest.Write"/> makes of the entries (header on line 1).
/// </remarks>
public static class DatasetFormats
{
    /// <summary>The format names <see cref="Read"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["folders", "ravdess", "cremad", "emodb", "tess", "afew"];

    /// <summary>Scans <paramref name="folder"/> as the corpus format <paramref name="format"/>.</summary>
    /// <param name="folder">The dataset's root folder.</param>
    /// <param name="format">One of <see cref="Names"/>.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <returns>The manifest (its <see cref="SerManifest.File"/> is the folder); files that could not be used are its problems.</returns>
    /// <exception cref="ArgumentException">An unknown format or invalid options.</exception>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    public static SerManifest Read(string folder, string format, DatasetReadOptions? options = null)
        => Scan(folder, format, options).Manifest;

    /// <summary>Like <see cref="Read"/>, also counting what <see cref="DatasetReadOptions.KeepLabels"/> left out and the files not read.</summary>
    /// <param name="folder">The dataset's root folder.</param>
    /// <param name="format">One of <see cref="Names"/> (case-insensitive).</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <exception cref="ArgumentException">An unknown format or invalid options.</exception>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    public static DatasetScan Scan(string folder, string format, DatasetReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(format);
        options ??= new DatasetReadOptions();
        options.Validate();
        var reader = Create(format);
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"{root}: no such dataset folder.");

        var extensions = new HashSet<string>(options.AudioExtensions ?? reader.DefaultExtensions, StringComparer.OrdinalIgnoreCase);
        var (all, passedOver) = DatasetWalker.Walk(root, extensions);
        var files = all.Where(f => extensions.Contains(f.Extension)).ToArray();
        reader.Prepare(files, options);
        var keep = options.KeepLabels is null ? null : EmotionLabels.ToSubset(options.KeepLabels).ToHashSet(StringComparer.Ordinal);

        var problems = new List<ManifestProblem>(passedOver);
        var leftOut = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var labelled = new List<(DatasetFile File, DatasetFileLabel Label)>();
        foreach (var file in files)
        {
            var label = reader.Describe(file);
            if (label.Problem is not null)
                problems.Add(new ManifestProblem(file.Path, 0, label.Problem));
            else if (keep is not null && !keep.Contains(label.Label!))
                leftOut[label.Label!] = leftOut.GetValueOrDefault(label.Label!) + 1;
            else
                labelled.Add((file, label));
        }

        var audioProblems = new string?[labelled.Count];
        if (options.CheckAudio)
            Parallel.For(0, labelled.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => audioProblems[i] = AudioProblem(labelled[i].File.Path));

        var entries = new List<SerManifestEntry>();
        for (var i = 0; i < labelled.Count; i++)
        {
            var (file, label) = labelled[i];
            if (audioProblems[i] is { } problem)
                problems.Add(new ManifestProblem(file.Path, 0, problem));
            else
                entries.Add(new SerManifestEntry(file.Path, label.Label!, label.Speaker!, label.Split, entries.Count + 2));
        }

        if (files.Length == 0)
        {
            problems.Add(new ManifestProblem(root, 0,
                $"no {string.Join(" or ", extensions.Order(StringComparer.Ordinal))} files in this folder or below; is it a {reader.Name} dataset?"));
        }

        problems.Sort((a, b) => string.CompareOrdinal(a.File, b.File));
        return new DatasetScan(new SerManifest(root, entries, problems), reader.Name, leftOut, all.Count - files.Length);
    }

    /// <summary>
    /// Keeps the entries of <paramref name="manifest"/> whose label is in <paramref name="labels"/>, comparing labels after
    /// <see cref="EmotionLabels.Normalize"/> (so a CSV's <c>happiness</c> matches <c>joy</c>); the labels are kept as written.
    /// </summary>
    /// <param name="manifest">E.g. a BAUM-1s or IEMOCAP manifest.</param>
    /// <param name="labels">Vocabulary labels or synonyms.</param>
    /// <exception cref="ArgumentException">An unknown label name in <paramref name="labels"/>.</exception>
    public static SerManifest KeepLabels(SerManifest manifest, IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var keep = EmotionLabels.ToSubset(labels).ToHashSet(StringComparer.Ordinal);
        return manifest with { Entries = manifest.Entries.Where(e => EmotionLabels.Normalize(e.Label) is { } label && keep.Contains(label)).ToArray() };
    }

    /// <summary>Checks that <paramref name="format"/> is one of <see cref="Names"/>.</summary>
    /// <exception cref="ArgumentException">It is not; the message lists the names.</exception>
    public static void ValidateName(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        _ = Create(format);
    }

    private static DatasetFormat Create(string format) => format.ToLowerInvariant() switch
    {
        "folders" => new LabelFoldersFormat(),
        "ravdess" => new RavdessFormat(),
        "cremad" => new CremadFormat(),
        "emodb" => new EmodbFormat(),
        "tess" => new TessFormat(),
        "afew" => new AfewFormat(),
        _ => throw new ArgumentException($"unknown dataset format '{format}'; use one of {string.Join(", ", Names)}.", nameof(format)),
    };

    // Decoded to its end, as training will: an empty, truncated or undecodable file is found now, not mid-run.
    private static string? AudioProblem(string path)
    {
        try
        {
            AudioReader.Verify(path);
            return null;
        }
        catch (AudioDecodingException ex)
        {
            return $"cannot be decoded: {ex.Problem}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read: {ex.Message}";
        }
    }
}
