using Hub.Contracts.V1;

namespace Hub.Identity.Matching;

/// <summary>The comparison of two records: each field's level and weight, their sum, and any guard that caps the decision.</summary>
public sealed record PairScore(IReadOnlyList<FieldComparison> Comparisons, double Score, string? Guard)
{
    /// <summary>Compares two records under <paramref name="rules"/>; <paramref name="nameU"/> is the name's frequency-based u.</summary>
    public static PairScore Compare(IdentityFeatures a, IdentityFeatures b, MatchRules rules, double nameU)
    {
        var levels = new[]
        {
            FieldComparer.IdNumber(a, b), FieldComparer.Name(a, b), FieldComparer.BirthDate(a, b),
            FieldComparer.Sex(a, b), FieldComparer.Phone(a, b), FieldComparer.Address(a, b),
        };
        var comparisons = new FieldComparison[levels.Length];
        var total = 0.0;
        for (var i = 0; i < levels.Length; i++)
        {
            var field = MatchRules.Fields[i];
            var weight = field == "name" && levels[i] == ComparisonLevel.Exact
                ? Math.Log2(rules.M(field, ComparisonLevel.Exact) / nameU)
                : rules.Weight(field, levels[i]);
            total += weight;
            comparisons[i] = new FieldComparison { Field = field, Level = levels[i], Weight = Math.Round(weight, 3) };
        }

        string? guard = null;
        if (rules.Guards.DifferentValidIdNumbersAtMostReview && a.IdNumber is not null && b.IdNumber is not null && a.IdNumber != b.IdNumber
            && levels[0] == ComparisonLevel.Different)
            guard = "both records carry valid, different ID numbers";
        else if (rules.Guards.DifferentCompleteBirthDatesAtMostReview && a.HasCompleteBirthDate && b.HasCompleteBirthDate
            && levels[2] == ComparisonLevel.Different)
            guard = "both records carry complete, different birth dates";
        return new PairScore(comparisons, Math.Round(total, 3), guard);
    }
}
