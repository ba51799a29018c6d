namespace MlNetSer.Tests.Synthesis;

/// <summary>
/// Leave-one-speaker-out accuracy of a nearest-centroid classifier on a few features (z-scored on the
/// training speakers): how much those features alone say about the label for an unseen speaker.
/// </summary>
internal static class NearestCentroid
{
    public static double LeaveOneSpeakerOutAccuracy(IReadOnlyList<(string Speaker, string Label, double[] Features)> rows)
    {
        var correct = 0;
        foreach (var speaker in rows.Select(r => r.Speaker).Distinct())
        {
            var train = rows.Where(r => r.Speaker != speaker).ToArray();
            var dims = train[0].Features.Length;
            var mean = Enumerable.Range(0, dims).Select(d => train.Average(r => r.Features[d])).ToArray();
            var sd = Enumerable.Range(0, dims).Select(d => Math.Sqrt(train.Average(r => Math.Pow(r.Features[d] - mean[d], 2))) + 1e-12).ToArray();
            double[] Z(double[] f) => [.. f.Select((v, d) => (v - mean[d]) / sd[d])];
            var centroids = train.GroupBy(r => r.Label).ToDictionary(
                g => g.Key,
                g => Enumerable.Range(0, dims).Select(d => g.Average(r => Z(r.Features)[d])).ToArray());
            foreach (var row in rows.Where(r => r.Speaker == speaker))
            {
                var z = Z(row.Features);
                var predicted = centroids.MinBy(c => c.Value.Select((v, d) => (v - z[d]) * (v - z[d])).Sum()).Key;
                correct += predicted == row.Label ? 1 : 0;
            }
        }

        return (double)correct / rows.Count;
    }
}
