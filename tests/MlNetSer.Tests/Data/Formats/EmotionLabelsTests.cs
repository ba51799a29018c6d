using MlNetSer.Data;
using MlNetSer.Data.Formats;

namespace MlNetSer.Tests.Data.Formats;

public sealed class EmotionLabelsTests
{
    [Theory]
    [InlineData("Angry", "anger")]
    [InlineData("ANG", "anger")]
    [InlineData("happy", "joy")]
    [InlineData("Happiness", "joy")]
    [InlineData("sad", "sadness")]
    [InlineData("fearful", "fear")]
    [InlineData("ps", "surprise")]
    [InlineData("Pleasant_surprise", "surprise")]
    [InlineData("pleasant surprised", "surprise")]
    [InlineData(" Neutral ", "neutral")]
    [InlineData("bored", "boredom")]
    [InlineData("calm", "calm")]
    public void NormalizeMapsTheCorporaSpellingsOntoTheVocabulary(string name, string label)
        => Assert.Equal(label, EmotionLabels.Normalize(name));

    [Theory]
    [InlineData("frustrated")]
    [InlineData("contempt")]
    [InlineData("")]
    [InlineData(null)]
    public void NormalizeReturnsNullForNamesOutsideTheVocabulary(string? name) => Assert.Null(EmotionLabels.Normalize(name));

    [Fact]
    public void ParseSubsetNormalisesOrdersAndRejectsUnknownNames()
    {
        Assert.Equal(["anger", "joy", "sadness"], EmotionLabels.ParseSubset("sad, happy,angry,anger"));
        Assert.Contains("'excited'", Assert.Throws<ArgumentException>(() => EmotionLabels.ParseSubset("anger,excited")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => EmotionLabels.ParseSubset(" , "));
    }

    [Fact]
    public void KeepLabelsCutsACsvManifestToASubsetKeepingItsLabelsAsWritten()
    {
        // A BAUM-1s-style manifest: its own label names, and classes beyond the six basic emotions.
        var csv = "path,label,speaker\na.wav,Happiness,s1\nb.wav,boredom,s1\nc.wav,Anger,s2\nd.wav,unsure,s2\ne.wav,sadness,s3\n";
        var manifest = SerManifest.Parse(new StringReader(csv), "baum1s.csv", "/data", new SerManifestOptions { CheckFilesExist = false });

        var kept = DatasetFormats.KeepLabels(manifest, EmotionLabels.Basic);

        Assert.Equal(["a.wav", "c.wav", "e.wav"], kept.Entries.Select(e => Path.GetFileName(e.Path)));
        Assert.Equal(["Anger", "Happiness", "sadness"], kept.Labels);
    }
}
