using Hub.Contracts.V1;

namespace Hub.Identity.Matching;

/// <summary>
/// The comparison of two records: each field's level and weight, their sum, and any guard that
/// caps the decision. Cheap to compute (it runs for every candidate); the contract's explanation
/// messages are only built for the records a decision reports.
/// </summary>
public sealed class PairScore
{
    // Position of "name" in MatchRules.Fields.
    private const int NameField = 1;

    private readonly ComparisonLevel[] _levels;
    private readonly double[] _weights;
    private IReadOnlyList<FieldComparison>? _comparisons;

    private PairScore(ComparisonLevel[] levels, double[] weights, double score, string? guard)
    {
        _levels = levels;
        _weights = weights;
        Score = score;
        Guard = guard;
    }

    /// <summary>Sum of the field weights.</summary>
    public double Score { get; }

    /// <summary>Why the pair may not be linked automatically whatever its score, or null.</summary>
    public string? Guard { get; }

    /// <summary>The level of the field at <paramref name="index"/> in <see cref="MatchRules.Fields"/>.</summary>
    public ComparisonLevel Level(int index) => _levels[index];

    /// <summary>Each field's level and weight, in the order of <see cref="MatchRules.Fields"/>.</summary>
    public IReadOnlyList<FieldComparison> Comparisons => _comparisons ??= BuildComparisons();

    private FieldComparison[] BuildComparisons()
    {
        var comparisons = new FieldComparison[_levels.Length];
        for (var i = 0; i < comparisons.Length; i++)
            comparisons[i] = new FieldComparison { Field = MatchRules.Fields[i], Level = _levels[i], Weight = Math.Round(_weights[i], 3) };
        return comparisons;
    }

    /// <summary>Compares two records under <paramref name="rules"/>; <paramref name="nameU"/> is the name's frequency-based u.</summary>
    public static PairScore Compare(IdentityFeatures a, IdentityFeatures b, MatchRules rules, double nameU)
    {
        var levels = new ComparisonLevel[FieldCount];
        var weights = new double[FieldCount];
        var total = Sum(a, b, rules, nameU, levels, weights);

        string? guard = null;
        if (rules.Guards.DifferentValidIdNumbersAtMostReview && a.IdNumber is not null && b.IdNumber is not null && a.IdNumber != b.IdNumber
            && levels[0] == ComparisonLevel.Different)
            guard = "both records carry valid, different ID numbers";
        else if (rules.Guards.DifferentCompleteBirthDatesAtMostReview && a.HasCompleteBirthDate && b.HasCompleteBirthDate
            && levels[2] == ComparisonLevel.Different)
            guard = "both records carry complete, different birth dates";
        else if (rules.Guards.DifferentNamesWithoutIdAtMostReview && levels[0] != ComparisonLevel.Exact
            && levels[1] is not (ComparisonLevel.Exact or ComparisonLevel.PinyinEqual))
            guard = "the names differ and no ID number agrees (twins share everything else)";
        return new PairScore(levels, weights, total, guard);
    }

    /// <summary>
    /// The <see cref="Score"/> <see cref="Compare"/> would give, without allocating: a record is scored against up
    /// to hundreds of candidates, and most of them only need the number (the best per resident is then compared in full).
    /// </summary>
    public static double ScoreOf(IdentityFeatures a, IdentityFeatures b, MatchRules rules, double nameU) =>
        Sum(a, b, rules, nameU, stackalloc ComparisonLevel[FieldCount], stackalloc double[FieldCount]);

    private const int FieldCount = 6;

    // Each field's level and weight into the spans, and their rounded sum: the one computation both entry points share,
    // so a score from ScoreOf is bit for bit the score of Compare.
    private static double Sum(IdentityFeatures a, IdentityFeatures b, MatchRules rules, double nameU, Span<ComparisonLevel> levels, Span<double> weights)
    {
        levels[0] = FieldComparer.IdNumber(a, b);
        levels[1] = FieldComparer.Name(a, b);
        levels[2] = FieldComparer.BirthDate(a, b);
        levels[3] = FieldComparer.Sex(a, b);
        levels[4] = FieldComparer.Phone(a, b);
        levels[5] = FieldComparer.Address(a, b);
        var total = 0.0;
        for (var i = 0; i < FieldCount; i++)
        {
            weights[i] = i == NameField && levels[i] == ComparisonLevel.Exact
                ? Math.Log2(rules.NameExactM / nameU)
                : rules.Weight(i, levels[i]);
            total += weights[i];
        }
        return Math.Round(total, 3);
    }
}
