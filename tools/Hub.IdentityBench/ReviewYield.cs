using System.Globalization;

namespace Hub.IdentityBench;

/// <summary>
/// How much of the review queue is worth an admin's time: for each record sent to review, whether the resident it was
/// proposed for holds the record's true person at the end of the run, by score band. A band where the proposal is
/// almost never right is load without value; one where it is almost always right is links the rules leave to people.
/// </summary>
public sealed record ReviewYield(string Band, int Items, int ProposalRight)
{
    /// <summary>Bands of two points between the thresholds, and the guarded items at or above the link threshold.</summary>
    public static IReadOnlyList<ReviewYield> Of(IReadOnlyList<(int Record, string Proposed, double Score)> reviewed, string[] predicted,
        IReadOnlyList<int> truth, double reviewThreshold, double linkThreshold)
    {
        var people = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        for (var i = 0; i < predicted.Length; i++)
        {
            if (!people.TryGetValue(predicted[i], out var set))
                people[predicted[i]] = set = [];
            set.Add(truth[i]);
        }
        string BandOf(double score)
        {
            if (score >= linkThreshold)
                return $">= {linkThreshold.ToString(CultureInfo.InvariantCulture)} (a guard)";
            var low = reviewThreshold + 2 * Math.Floor((score - reviewThreshold) / 2);
            return $"{low.ToString(CultureInfo.InvariantCulture)} - {Math.Min(low + 2, linkThreshold).ToString(CultureInfo.InvariantCulture)}";
        }
        // Bands are contiguous score ranges, so the lowest score in each puts them in order.
        return reviewed
            .GroupBy(r => BandOf(r.Score))
            .OrderBy(g => g.Min(r => r.Score))
            .Select(g => new ReviewYield(g.Key, g.Count(),
                g.Count(r => people.TryGetValue(r.Proposed, out var set) && set.Contains(truth[r.Record]))))
            .ToList();
    }
}
