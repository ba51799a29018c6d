using System.Text;
using MlNetSer.Data;
using MlNetSer.Data.Formats;

namespace MlNetSer.Tests.Data.Formats;

public sealed class DatasetFormatsTests
{
    private static readonly byte[] NotAudio = Encoding.ASCII.GetBytes("this is not audio at all, just text that happens to be long enough");

    private static Dictionary<string, (string Label, string Speaker, ManifestSplit Split)> ByName(SerManifest manifest)
        => manifest.Entries.ToDictionary(e => Path.GetFileName(e.Path), e => (e.Label, e.Speaker, e.Split));

    private static string ProblemOf(SerManifest manifest, string fileName)
        => Assert.Single(manifest.Problems, p => Path.GetFileName(p.File) == fileName).Message;

    [Fact]
    public void RavdessReadsEmotionAndActorCodesAndReportsVideoOnlyAndDuplicateClips()
    {
        using var corpus = new FakeCorpus()
            .Wav("Actor_01/03-01-01-01-01-01-01.wav", "Actor_01/03-01-02-02-01-02-01.wav", "Actor_12/03-01-06-01-02-01-12.wav",
                 "Actor_12/03-02-03-02-01-01-12.wav", "Actor_24/03-01-08-02-02-02-24.wav", "Actor_24/03-01-07-01-01-01-24.wav",
                 "Actor_02/03-01-04-01-01-01-02.wav", "Actor_02/03-01-05-02-02-01-02.wav", "Actor_03/01-01-05-01-01-01-03.wav",
                 "Actor_01/03-01-09-01-01-01-01.wav", "Actor_01/speech.wav")
            .Bytes(NotAudio, "Actor_01/02-01-05-01-01-01-01.mp4", "Actor_12/01-01-06-01-02-01-12.mp4", "README.txt");

        var scan = DatasetFormats.Scan(corpus.Root, "ravdess");

        var entries = ByName(scan.Manifest);
        Assert.Equal(("neutral", "Actor_01", ManifestSplit.None), entries["03-01-01-01-01-01-01.wav"]);
        Assert.Equal(("calm", "Actor_01", ManifestSplit.None), entries["03-01-02-02-01-02-01.wav"]);
        Assert.Equal(("fear", "Actor_12", ManifestSplit.None), entries["03-01-06-01-02-01-12.wav"]);
        Assert.Equal(("joy", "Actor_12", ManifestSplit.None), entries["03-02-03-02-01-01-12.wav"]);
        Assert.Equal(("surprise", "Actor_24", ManifestSplit.None), entries["03-01-08-02-02-02-24.wav"]);
        Assert.Equal(("disgust", "Actor_24", ManifestSplit.None), entries["03-01-07-01-01-01-24.wav"]);
        Assert.Equal(("sadness", "Actor_02", ManifestSplit.None), entries["03-01-04-01-01-01-02.wav"]);
        Assert.Equal(("anger", "Actor_02", ManifestSplit.None), entries["03-01-05-02-02-01-02.wav"]);
        // An audio-visual clip (modality 01) without its audio-only twin is read.
        Assert.Equal(("anger", "Actor_03", ManifestSplit.None), entries["01-01-05-01-01-01-03.wav"]);
        Assert.Equal(9, entries.Count);

        Assert.Contains("video-only", ProblemOf(scan.Manifest, "02-01-05-01-01-01-01.mp4"), StringComparison.Ordinal);
        Assert.Contains("03-01-06-01-02-01-12", ProblemOf(scan.Manifest, "01-01-06-01-02-01-12.mp4"), StringComparison.Ordinal);
        Assert.Contains("emotion code 09", ProblemOf(scan.Manifest, "03-01-09-01-01-01-01.wav"), StringComparison.Ordinal);
        Assert.Contains("not a RAVDESS file name", ProblemOf(scan.Manifest, "speech.wav"), StringComparison.Ordinal);
        Assert.Equal(4, scan.Manifest.Problems.Count);
        Assert.Equal(1, scan.OtherFiles);
    }

    [Fact]
    public void CremadReadsActorAndEmotionCodesAndReportsUnknownCodesAndUndecodableFiles()
    {
        using var corpus = new FakeCorpus()
            .Wav("AudioWAV/1001_DFA_ANG_XX.wav", "AudioWAV/1001_IEO_HAP_HI.wav", "AudioWAV/1091_TSI_SAD_LO.wav",
                 "AudioWAV/1002_DFA_DIS_XX.wav", "AudioWAV/1002_ITH_FEA_MD.wav", "AudioWAV/1003_MTI_NEU_XX.wav",
                 "AudioWAV/1001_DFA_XYZ_XX.wav", "AudioWAV/1001_DFA_ANG_ZZ.wav")
            // CREMA-D really ships one empty recording; a text file named .wav is the other kind of bad file.
            .Bytes([], "AudioWAV/1076_MTI_SAD_XX.wav")
            .Bytes(NotAudio, "AudioWAV/1004_IEO_NEU_XX.wav");

        var manifest = DatasetFormats.Read(corpus.Root, "cremad");

        var entries = ByName(manifest);
        Assert.Equal(("anger", "1001", ManifestSplit.None), entries["1001_DFA_ANG_XX.wav"]);
        Assert.Equal(("joy", "1001", ManifestSplit.None), entries["1001_IEO_HAP_HI.wav"]);
        Assert.Equal(("sadness", "1091", ManifestSplit.None), entries["1091_TSI_SAD_LO.wav"]);
        Assert.Equal(("disgust", "1002", ManifestSplit.None), entries["1002_DFA_DIS_XX.wav"]);
        Assert.Equal(("fear", "1002", ManifestSplit.None), entries["1002_ITH_FEA_MD.wav"]);
        Assert.Equal(("neutral", "1003", ManifestSplit.None), entries["1003_MTI_NEU_XX.wav"]);
        Assert.Equal(6, entries.Count);
        Assert.Contains("XYZ", ProblemOf(manifest, "1001_DFA_XYZ_XX.wav"), StringComparison.Ordinal);
        Assert.Contains("ZZ", ProblemOf(manifest, "1001_DFA_ANG_ZZ.wav"), StringComparison.Ordinal);
        Assert.StartsWith("cannot be decoded", ProblemOf(manifest, "1076_MTI_SAD_XX.wav"), StringComparison.Ordinal);
        Assert.StartsWith("cannot be decoded", ProblemOf(manifest, "1004_IEO_NEU_XX.wav"), StringComparison.Ordinal);
        Assert.Equal(4, manifest.Problems.Count);
        Assert.All(manifest.Problems, p => Assert.Equal(0, p.Line));
        Assert.StartsWith(corpus.PathOf("AudioWAV/1001_DFA_ANG_ZZ.wav") + ": ", manifest.Problems[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTheAudioCheckOnlyTheNamesAreJudged()
    {
        using var corpus = new FakeCorpus().Bytes(NotAudio, "AudioWAV/1004_IEO_NEU_XX.wav");

        var manifest = DatasetFormats.Read(corpus.Root, "cremad", new DatasetReadOptions { CheckAudio = false });

        Assert.Empty(manifest.Problems);
        Assert.Equal("neutral", Assert.Single(manifest.Entries).Label);
    }

    [Fact]
    public void EmodbReadsSpeakerDigitsAndGermanEmotionLetters()
    {
        using var corpus = new FakeCorpus()
            .Wav("wav/03a01Fa.wav", "wav/03a01Wa.wav", "wav/08b10Lb.wav", "wav/16a02Ec.wav", "wav/10a04Ab.wav", "wav/11b03Td.wav",
                 "wav/12a05Nc.wav", "wav/03a01Xa.wav", "wav/03a01fa.wav")
            .Bytes(NotAudio, "lablaut/03a01Fa.lablaut");

        var scan = DatasetFormats.Scan(corpus.Root, "emodb");

        var entries = ByName(scan.Manifest);
        Assert.Equal(("joy", "03", ManifestSplit.None), entries["03a01Fa.wav"]);
        Assert.Equal(("anger", "03", ManifestSplit.None), entries["03a01Wa.wav"]);
        Assert.Equal(("boredom", "08", ManifestSplit.None), entries["08b10Lb.wav"]);
        Assert.Equal(("disgust", "16", ManifestSplit.None), entries["16a02Ec.wav"]);
        Assert.Equal(("fear", "10", ManifestSplit.None), entries["10a04Ab.wav"]);
        Assert.Equal(("sadness", "11", ManifestSplit.None), entries["11b03Td.wav"]);
        Assert.Equal(("neutral", "12", ManifestSplit.None), entries["12a05Nc.wav"]);
        Assert.Equal(7, entries.Count);
        Assert.Contains("'X'", ProblemOf(scan.Manifest, "03a01Xa.wav"), StringComparison.Ordinal);
        Assert.Contains("not an EmoDB file name", ProblemOf(scan.Manifest, "03a01fa.wav"), StringComparison.Ordinal);
        Assert.Equal(1, scan.OtherFiles);
    }

    [Fact]
    public void KeepLabelsLeavesOtherLabelsOutAndCountsThemWithoutReportingThem()
    {
        using var corpus = new FakeCorpus().Wav("wav/03a01Fa.wav", "wav/03a01Wa.wav", "wav/08b10Lb.wav", "wav/12a05Nc.wav", "wav/13a05Nb.wav");

        var scan = DatasetFormats.Scan(corpus.Root, "emodb", new DatasetReadOptions { KeepLabels = ["angry", "happy", "sadness"] });

        Assert.Equal(["anger", "joy"], scan.Manifest.Labels);
        Assert.Empty(scan.Manifest.Problems);
        Assert.Equal(new Dictionary<string, int> { ["boredom"] = 1, ["neutral"] = 2 }, scan.LeftOutByLabel);
    }

    [Fact]
    public void TessTakesTheLabelFromTheFileNameSuffixWhateverTheFolderIsCalled()
    {
        using var corpus = new FakeCorpus()
            .Wav("OAF_angry/OAF_back_angry.wav", "OAF_Fear/OAF_bar_fear.wav", "OAF_Pleasant_surprise/OAF_bath_ps.wav",
                 "OAF_neutral/OA_bite_neutral.wav", "YAF_pleasant_surprised/YAF_dog_ps.wav", "YAF_sad/YAF_youth_sad.wav",
                 "YAF_disgust/YAF_bean_disgust.wav", "YAF_happy/YAF_chair_happy.wav", "YAF_fear/YAF_cab_Fear.wav",
                 "YAF_sad/notes.wav", "YAF_happy/XYZ_chair_happy.wav");

        var manifest = DatasetFormats.Read(corpus.Root, "tess");

        var entries = ByName(manifest);
        Assert.Equal(("anger", "OAF", ManifestSplit.None), entries["OAF_back_angry.wav"]);
        Assert.Equal(("fear", "OAF", ManifestSplit.None), entries["OAF_bar_fear.wav"]);
        Assert.Equal(("surprise", "OAF", ManifestSplit.None), entries["OAF_bath_ps.wav"]);
        Assert.Equal(("neutral", "OAF", ManifestSplit.None), entries["OA_bite_neutral.wav"]);
        Assert.Equal(("surprise", "YAF", ManifestSplit.None), entries["YAF_dog_ps.wav"]);
        Assert.Equal(("sadness", "YAF", ManifestSplit.None), entries["YAF_youth_sad.wav"]);
        Assert.Equal(("disgust", "YAF", ManifestSplit.None), entries["YAF_bean_disgust.wav"]);
        Assert.Equal(("joy", "YAF", ManifestSplit.None), entries["YAF_chair_happy.wav"]);
        Assert.Equal(("fear", "YAF", ManifestSplit.None), entries["YAF_cab_Fear.wav"]);
        // A prefix that is no TESS speaker falls back to the folder's.
        Assert.Equal(("joy", "YAF", ManifestSplit.None), entries["XYZ_chair_happy.wav"]);
        Assert.Equal(10, entries.Count);
        Assert.Contains("not a TESS file name", ProblemOf(manifest, "notes.wav"), StringComparison.Ordinal);
        Assert.Single(manifest.Problems);
    }

    [Fact]
    public void AfewTrainIsTheTrainSplitValTheTestSplitAndEachClipItsOwnSpeaker()
    {
        using var corpus = new FakeCorpus()
            .Bytes(NotAudio, "Train/Angry/000046280.avi", "Train/Happy/000147280.avi", "Train/Neutral/000201400.avi",
                   "Val/Sad/000522280.avi", "Val/Surprise/004510880.avi", "Val/Disgust/001012720.avi", "Val/Fear/002042600.avi",
                   "Test/000123480.avi", "Train/Contempt/000333400.avi", "Other/Angry/000999999.avi", "Train/Angry/000046280.txt");

        var scan = DatasetFormats.Scan(corpus.Root, "afew", new DatasetReadOptions { CheckAudio = false });

        var entries = ByName(scan.Manifest);
        Assert.Equal(("anger", "000046280", ManifestSplit.Train), entries["000046280.avi"]);
        Assert.Equal(("joy", "000147280", ManifestSplit.Train), entries["000147280.avi"]);
        Assert.Equal(("neutral", "000201400", ManifestSplit.Train), entries["000201400.avi"]);
        Assert.Equal(("sadness", "000522280", ManifestSplit.Test), entries["000522280.avi"]);
        Assert.Equal(("surprise", "004510880", ManifestSplit.Test), entries["004510880.avi"]);
        Assert.Equal(("disgust", "001012720", ManifestSplit.Test), entries["001012720.avi"]);
        Assert.Equal(("fear", "002042600", ManifestSplit.Test), entries["002042600.avi"]);
        Assert.Equal(7, entries.Count);
        Assert.Contains("labels are not published", ProblemOf(scan.Manifest, "000123480.avi"), StringComparison.Ordinal);
        Assert.Contains("Contempt", ProblemOf(scan.Manifest, "000333400.avi"), StringComparison.Ordinal);
        Assert.Contains("'Other'", ProblemOf(scan.Manifest, "000999999.avi"), StringComparison.Ordinal);
        Assert.Equal(1, scan.OtherFiles);
    }

    [Audio.FfmpegFact]
    public void AfewReadsTheAudioTrackOfARealClipAndReportsAClipWithoutOne()
    {
        using var corpus = new FakeCorpus().Bytes(NotAudio, "Val/Angry/000000002.avi");
        Ffmpeg("-f lavfi -i sine=frequency=440:duration=0.3 -f lavfi -i color=c=gray:s=32x32:d=0.3:r=10 -shortest", corpus.PathOf("Train/Happy/000000001.avi"));
        Ffmpeg("-f lavfi -i color=c=gray:s=32x32:d=0.3:r=10", corpus.PathOf("Train/Sad/000000003.avi"));

        var manifest = DatasetFormats.Read(corpus.Root, "afew");

        var entry = Assert.Single(manifest.Entries);
        Assert.Equal(("joy", "000000001", ManifestSplit.Train), (entry.Label, entry.Speaker, entry.Split));
        Assert.StartsWith("cannot be decoded", ProblemOf(manifest, "000000002.avi"), StringComparison.Ordinal);
        Assert.StartsWith("cannot be decoded", ProblemOf(manifest, "000000003.avi"), StringComparison.Ordinal);
    }

    [Fact]
    public void FoldersTakeTheLabelFromTheFirstSubFolderAndTheSpeakerFromThePattern()
    {
        using var corpus = new FakeCorpus()
            .Wav("angry/s01_a.wav", "Happy/s02_b.wav", "sad/session2/s01_c.wav", "Surprised/s03_d.wav", "frustrated/s03_e.wav",
                 "loose.wav", "angry/nospeaker.wav");

        var manifest = DatasetFormats.Read(corpus.Root, "folders", new DatasetReadOptions { SpeakerPattern = "^(?<speaker>s\\d+)_" });

        var entries = ByName(manifest);
        Assert.Equal(("anger", "s01", ManifestSplit.None), entries["s01_a.wav"]);
        Assert.Equal(("joy", "s02", ManifestSplit.None), entries["s02_b.wav"]);
        Assert.Equal(("sadness", "s01", ManifestSplit.None), entries["s01_c.wav"]);
        Assert.Equal(("surprise", "s03", ManifestSplit.None), entries["s03_d.wav"]);
        Assert.Equal(4, entries.Count);
        Assert.Contains("'frustrated'", ProblemOf(manifest, "s03_e.wav"), StringComparison.Ordinal);
        Assert.Contains("not in a label sub-folder", ProblemOf(manifest, "loose.wav"), StringComparison.Ordinal);
        Assert.Contains("does not match", ProblemOf(manifest, "nospeaker.wav"), StringComparison.Ordinal);
    }

    [Fact]
    public void FoldersWithoutAPatternMakeEachFileItsOwnSpeaker()
    {
        using var corpus = new FakeCorpus().Wav("angry/001.wav", "happy/001.wav", "happy/002.wav");

        var manifest = DatasetFormats.Read(corpus.Root, "folders");

        Assert.Equal(["angry/001", "happy/001", "happy/002"], manifest.Entries.Select(e => e.Speaker));
    }

    [Fact]
    public void HiddenFilesAndMacOsFoldersAreNotRead()
    {
        using var corpus = new FakeCorpus()
            .Wav("Actor_01/03-01-01-01-01-01-01.wav")
            .Bytes(NotAudio, "Actor_01/._03-01-01-01-01-01-01.wav", "__MACOSX/Actor_01/03-01-01-01-01-01-01.wav");

        var scan = DatasetFormats.Scan(corpus.Root, "ravdess");

        Assert.Single(scan.Manifest.Entries);
        Assert.Empty(scan.Manifest.Problems);
    }

    [Fact]
    public void TheWrittenManifestReadsBackAsTheSameEntriesWithTheirLines()
    {
        // WAV content under AFEW's .avi names: the reader goes by content, and this test needs no ffmpeg.
        using var corpus = new FakeCorpus()
            .Wav("Train/Angry/000046280.avi", "Train/Happy/000147280.avi", "Val/Sad/000522280.avi", "Val/Angry/004510880.avi");
        var manifest = DatasetFormats.Read(corpus.Root, "afew");
        var csv = corpus.PathOf("afew.csv");

        SerManifest.Write(csv, manifest.Entries);
        var read = SerManifest.Read(csv);

        Assert.Empty(read.Problems);
        Assert.Equal(manifest.Entries, read.Entries);
        Assert.Contains("Train/Angry/000046280.avi,anger,000046280,train", File.ReadAllLines(csv));
    }

    [Fact]
    public void AFolderWithoutTheFormatsFilesIsOneProblemNamingTheFolder()
    {
        using var corpus = new FakeCorpus().Wav("angry/a.wav");

        var manifest = DatasetFormats.Read(corpus.Root, "afew");

        Assert.Empty(manifest.Entries);
        var problem = Assert.Single(manifest.Problems);
        Assert.Equal(corpus.Root, problem.File);
        Assert.Contains(".avi", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFolderAnUnknownFormatAndBadOptionsThrow()
    {
        using var corpus = new FakeCorpus();
        var missing = Path.Combine(corpus.Root, "nothing");

        Assert.Contains(missing, Assert.Throws<DirectoryNotFoundException>(() => DatasetFormats.Read(missing, "tess")).Message, StringComparison.Ordinal);
        Assert.Contains("unknown dataset format 'iemocap'", Assert.Throws<ArgumentException>(() => DatasetFormats.Read(corpus.Root, "iemocap")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DatasetFormats.Read(corpus.Root, "tess", new DatasetReadOptions { KeepLabels = ["contempt"] }));
        Assert.Throws<ArgumentException>(() => DatasetFormats.Read(corpus.Root, "folders", new DatasetReadOptions { SpeakerPattern = "(" }));
        Assert.Throws<ArgumentException>(() => DatasetFormats.Read(corpus.Root, "folders", new DatasetReadOptions { AudioExtensions = ["wav"] }));
    }

    private static void Ffmpeg(string inputs, string output)
    {
        var info = new System.Diagnostics.ProcessStartInfo(MlNetSer.Audio.FfmpegLocator.FromEnvironment()!.Ffmpeg)
        {
            Arguments = $"-nostdin -loglevel error -y {inputs} \"{output}\"",
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = System.Diagnostics.Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg failed to make the test clip: {error}");
    }
}
