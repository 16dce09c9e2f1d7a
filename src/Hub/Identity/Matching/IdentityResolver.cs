using System.Runtime.InteropServices;
using Hub.Contracts.V1;

namespace Hub.Identity.Matching;

/// <summary>One resident considered for a record: its best-scoring record's comparison.</summary>
public sealed record CandidateScore(string ResidentId, PairScore Pair);

/// <summary>The outcome of matching one record, with everything needed to explain it.</summary>
public sealed record Resolution(
    Decision Decision, string? ResidentId, double Score, IReadOnlyList<FieldComparison> Comparisons, bool Deterministic,
    IReadOnlyList<CandidateScore> Candidates, string Explanation, string RulesVersion);

/// <summary>
/// Decides which resident a record belongs to. A valid ID number agreeing with the name or the
/// birth date links deterministically; the same ID on a record that disagrees on both is a
/// conflict. Otherwise candidates from the blocking keys are scored (Fellegi–Sunter) and the best
/// resident is linked, reviewed or declined by the thresholds, unless a guard caps it at review.
/// </summary>
public sealed class IdentityResolver(MatchRules rules)
{
    [ThreadStatic] private static Dictionary<string, (double Score, IdentityIndex.Entry Entry)>? t_best;
    [ThreadStatic] private static List<IdentityIndex.Entry>? t_candidates;

    /// <summary>The rules decisions are made with.</summary>
    public MatchRules Rules => rules;

    /// <summary>Matches <paramref name="features"/> against <paramref name="index"/>, ignoring the record <paramref name="self"/>.</summary>
    public Resolution Resolve(IdentityFeatures features, IdentityIndex index, (string Department, string LocalId)? self = null, int maxCandidates = 5)
    {
        var nameU = features.NameKey.Length > 0 ? index.NameU(features.NameKey, rules.NameFrequency) : 1.0;
        bool IsSelf(IdentityIndex.Entry e) => self is { } s && e.Department == s.Department && e.LocalId == s.LocalId;

        if (features.IdNumber is { } id)
        {
            var sameId = index.WithIdNumber(id).Where(e => !IsSelf(e)).ToList();
            if (sameId.Count > 0)
                return ByIdNumber(features, sameId, nameU);
        }

        // Each resident's best score and the record that gave it; the full comparison (levels, weights, guard: three
        // objects) only for the few ranked at the end. Most candidates are distinct residents, so comparing each in
        // full allocated several kilobytes per record. Same scores (ScoreOf is Compare's arithmetic) and, the sort
        // being stable over insertion order, the same ranking.
        // Scratch kept per thread and cleared (Clear keeps the capacity, and a cleared dictionary enumerates in insertion
        // order again): a record has hundreds of candidates, and growing a new set per record was most of what matching allocated.
        var best = t_best ??= new Dictionary<string, (double Score, IdentityIndex.Entry Entry)>(StringComparer.Ordinal);
        var candidates = t_candidates ??= [];
        best.Clear();
        index.Candidates(features, candidates);
        foreach (var entry in candidates)
        {
            if (IsSelf(entry))
                continue;
            var score = PairScore.ScoreOf(features, entry.Features, rules, nameU);
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(best, entry.ResidentId, out var seen);
            if (!seen || score > slot.Score)
                slot = (score, entry);
        }
        var ranked = Top(best, maxCandidates).Select(b => new CandidateScore(b.Key, PairScore.Compare(features, b.Value.Entry.Features, rules, nameU))).ToList();
        best.Clear();
        candidates.Clear();
        if (ranked.Count == 0 || ranked[0].Pair.Score < rules.ReviewThreshold)
        {
            var top = ranked.FirstOrDefault();
            return new Resolution(Decision.New, null, top?.Pair.Score ?? 0, top?.Pair.Comparisons ?? [], false, ranked,
                top is null ? "no candidate shares a blocking key" : $"best score {top.Pair.Score} is below the review threshold {rules.ReviewThreshold}",
                rules.Version);
        }

        var winner = ranked[0];
        var guard = winner.Pair.Guard;
        if (guard is null && winner.Pair.Score >= rules.LinkThreshold)
            guard = ResidentGuard(features, index, winner.ResidentId, self);
        var decision = winner.Pair.Score >= rules.LinkThreshold && guard is null ? Decision.Matched : Decision.Review;
        var why = decision == Decision.Matched
            ? $"score {winner.Pair.Score} reaches the link threshold {rules.LinkThreshold}"
            : guard is not null && winner.Pair.Score >= rules.LinkThreshold
                ? $"score {winner.Pair.Score} reaches the link threshold, but {guard}: a person must decide"
                : $"score {winner.Pair.Score} lies between the thresholds {rules.ReviewThreshold} and {rules.LinkThreshold}";
        return new Resolution(decision, winner.ResidentId, winner.Pair.Score, winner.Pair.Comparisons, false, ranked, why, rules.Version);
    }

    // The best `count` residents by score, ties in insertion order: what a stable sort by descending score would put first,
    // without copying and sorting every candidate (a record has hundreds of them, and it wants five).
    internal static List<KeyValuePair<string, (double Score, IdentityIndex.Entry Entry)>> Top(
        Dictionary<string, (double Score, IdentityIndex.Entry Entry)> best, int count)
    {
        if (count <= 0)
            return [];
        var top = new List<KeyValuePair<string, (double Score, IdentityIndex.Entry Entry)>>(Math.Min(count, best.Count));
        foreach (var pair in best)
        {
            if (top.Count == count && pair.Value.Score <= top[^1].Value.Score)
                continue;
            // After every kept one with a score at least as high: an equal score seen later ranks after it.
            var at = top.Count;
            while (at > 0 && top[at - 1].Value.Score < pair.Value.Score)
                at--;
            if (top.Count == count)
                top.RemoveAt(count - 1);
            top.Insert(at, pair);
        }
        return top;
    }

    // The pair guard looks at the resident's best-scoring record only. A resident whose records include one without an
    // ID number (a grid record, say) would take a record with any valid ID through that one, even when another of its
    // records carries a different valid ID: two people, chained by a record that could not tell them apart. At 533,000
    // generated residents checking every record removed a third of the false merges (497 -> 333). The same holds for a
    // complete birth date, and a department holds one record per person: a resident that already has another record of
    // the record's own department is most likely someone else of the same name and birth date.
    private string? ResidentGuard(IdentityFeatures features, IdentityIndex index, string residentId, (string Department, string LocalId)? self)
    {
        var guards = rules.Guards;
        var checkId = guards.DifferentValidIdNumbersAtMostReview && features.IdNumber is not null;
        var checkBirth = guards.DifferentCompleteBirthDatesAtMostReview && features.HasCompleteBirthDate;
        var checkDepartment = guards.OneRecordPerDepartmentAtMostReview && self is not null;
        if (!checkId && !checkBirth && !checkDepartment)
            return null;
        foreach (var record in index.RecordsOf(residentId))
        {
            // The record itself, indexed in an older version (a preview of a changed record), is not another record.
            if (self is { } s && record.Department == s.Department && record.LocalId == s.LocalId)
                continue;
            if (checkId && record.Features.IdNumber is not null && FieldComparer.IdNumber(features, record.Features) == ComparisonLevel.Different)
                return $"another record of resident {residentId} carries a different valid ID number";
            if (checkBirth && record.Features.HasCompleteBirthDate && FieldComparer.BirthDate(features, record.Features) == ComparisonLevel.Different)
                return $"another record of resident {residentId} carries a complete, different birth date";
            if (checkDepartment && record.Department == self!.Value.Department)
                return $"resident {residentId} already has record {record.LocalId} of department {record.Department}, which holds one record per person";
        }
        return null;
    }

    private Resolution ByIdNumber(IdentityFeatures features, List<IdentityIndex.Entry> sameId, double nameU)
    {
        var scored = sameId
            .Select(e => (Entry: e, Pair: PairScore.Compare(features, e.Features, rules, nameU)))
            .OrderByDescending(x => x.Pair.Score)
            .ToList();
        var candidates = scored.GroupBy(x => x.Entry.ResidentId).Select(g => new CandidateScore(g.Key, g.First().Pair)).ToList();
        var agreeing = scored.FirstOrDefault(x => Agrees(x.Pair));
        if (agreeing.Entry is not null)
            return new Resolution(Decision.Matched, agreeing.Entry.ResidentId, agreeing.Pair.Score, agreeing.Pair.Comparisons, true, candidates,
                "the same valid ID number, and the name or the birth date agrees", rules.Version);
        var first = scored[0];
        return new Resolution(Decision.Conflict, first.Entry.ResidentId, first.Pair.Score, first.Pair.Comparisons, true, candidates,
            "the same valid ID number, but name and birth date both disagree: never linked automatically", rules.Version);
    }

    // "Agrees" for the deterministic rule: the name matches up to a homophone or one character, or the birth date up to a typo.
    private static bool Agrees(PairScore pair)
    {
        var name = pair.Level(1);
        var birth = pair.Level(2);
        return name is ComparisonLevel.Exact or ComparisonLevel.PinyinEqual or ComparisonLevel.OneCharacterDifferent
            || birth is ComparisonLevel.Exact or ComparisonLevel.Transposed or ComparisonLevel.OneCharacterDifferent or ComparisonLevel.Partial;
    }
}
