using System.Text.RegularExpressions;

namespace MlNetSer.Data.Formats;

/// <summary>Options of <see cref="DatasetFormats.Read"/> and <see cref="DatasetFormats.Scan"/>.</summary>
public sealed class DatasetReadOptions
{
    /// <summary>
    /// Keep only utterances of these labels (vocabulary labels or their synonyms, see <see cref="EmotionLabels"/>),
    /// e.g. <see cref="EmotionLabels.Basic"/> for the six basic emotions. The others are counted in
    /// <see cref="DatasetScan.LeftOutByLabel"/>, not reported as problems. Default null: every label.
    /// </summary>
    public IReadOnlyList<string>? KeepLabels { get; set; }

    /// <summary>
    /// For the <c>folders</c> format: a regular expression matched against each file name (with its extension)
    /// whose group <c>speaker</c> (or else its first group, or else the whole match) is the speaker, e.g.
    /// <c>^(?&lt;speaker&gt;[^_]+)_</c> for <c>spk07_0001.wav</c>. A file it does not match is reported. Default null:
    /// each file is its own speaker (so speaker-grouped folds are not speaker-independent).
    /// </summary>
    public string? SpeakerPattern { get; set; }

    /// <summary>
    /// The file extensions read (with the dot, case-insensitive). Default null: the format's own —
    /// <c>.wav</c> for cremad, emodb and tess; <c>.wav</c> and <c>.mp4</c> for ravdess; <c>.avi</c> and <c>.mp4</c>
    /// for afew; <c>.wav .mp3 .flac .ogg .m4a</c> for folders. Other files are not read.
    /// </summary>
    public IReadOnlyList<string>? AudioExtensions { get; set; }

    /// <summary>
    /// Decode every file to its end (<see cref="Audio.AudioReader.Verify"/>); a file that cannot be decoded (empty,
    /// truncated, not audio) is reported as a problem and left out. Costs one read of each WAV file and one ffmpeg
    /// run per video clip. Default true.
    /// </summary>
    public bool CheckAudio { get; set; } = true;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An unknown label, an invalid speaker pattern, or an extension without a dot.</exception>
    public void Validate()
    {
        if (KeepLabels is not null)
        {
            if (KeepLabels.Count == 0)
                throw new ArgumentException("KeepLabels is empty: give at least one label, or null for all.", nameof(KeepLabels));
            EmotionLabels.ToSubset(KeepLabels);
        }

        if (SpeakerPattern is not null)
        {
            try
            {
                _ = new Regex(SpeakerPattern, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"the speaker pattern '{SpeakerPattern}' is not a valid regular expression: {ex.Message}", nameof(SpeakerPattern), ex);
            }
        }

        if (AudioExtensions is not null)
        {
            if (AudioExtensions.Count == 0)
                throw new ArgumentException("AudioExtensions is empty: give at least one, or null for the format's own.", nameof(AudioExtensions));
            foreach (var extension in AudioExtensions)
            {
                if (extension is null || extension.Length < 2 || extension[0] != '.')
                    throw new ArgumentException($"the audio extension '{extension}' must start with a dot, e.g. .wav.", nameof(AudioExtensions));
            }
        }
    }
}
