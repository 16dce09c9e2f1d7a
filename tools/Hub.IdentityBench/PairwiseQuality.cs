namespace Hub.IdentityBench;

/// <summary>Pairwise precision and recall of a clustering against the truth, and the false merges.</summary>
public sealed record PairwiseQuality(long TruePairs, long PredictedPairs, long CorrectPairs, int Clusters, int MixedClusters, int RecordsInMixedClusters)
{
    public double Precision => PredictedPairs == 0 ? 1 : (double)CorrectPairs / PredictedPairs;

    public double Recall => TruePairs == 0 ? 1 : (double)CorrectPairs / TruePairs;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Scores <paramref name="predicted"/> cluster ids against <paramref name="truth"/> person ids, record by record.</summary>
    public static PairwiseQuality Score(IReadOnlyList<string> predicted, IReadOnlyList<int> truth)
    {
        static long Pairs(long n) => n * (n - 1) / 2;
        var byCluster = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var byPerson = new Dictionary<int, int>();
        var byCell = new Dictionary<(string, int), int>();
        for (var i = 0; i < predicted.Count; i++)
        {
            if (!byCluster.TryGetValue(predicted[i], out var list))
                byCluster[predicted[i]] = list = [];
            list.Add(i);
            byPerson[truth[i]] = byPerson.GetValueOrDefault(truth[i]) + 1;
            byCell[(predicted[i], truth[i])] = byCell.GetValueOrDefault((predicted[i], truth[i])) + 1;
        }
        var mixed = byCluster.Values.Where(l => l.Select(i => truth[i]).Distinct().Skip(1).Any()).ToList();
        return new PairwiseQuality(
            byPerson.Values.Sum(n => Pairs(n)), byCluster.Values.Sum(l => Pairs(l.Count)), byCell.Values.Sum(n => Pairs(n)),
            byCluster.Count, mixed.Count, mixed.Sum(l => l.Count));
    }
}
