using Hub.Contracts.V1;

namespace Hub.Cases;

/// <summary>
/// The routing rules in memory, for choosing departments and time limits. The rule used for a case is the
/// enabled one with the longest matching category code, then the deepest matching division.
/// </summary>
public sealed class RoutingTable
{
    private volatile IReadOnlyList<RoutingRule> _rules = [];

    /// <summary>Replaces the rules (after a load or a change).</summary>
    public void Set(IReadOnlyList<RoutingRule> rules) => _rules = rules;

    /// <summary>The rule for a case of <paramref name="categoryCode"/> in <paramref name="divisionCode"/>, or null.</summary>
    public RoutingRule? Match(string categoryCode, string divisionCode)
    {
        RoutingRule? best = null;
        var bestCategory = -1;
        var bestDivision = -1;
        foreach (var rule in _rules)
        {
            if (!rule.Enabled || !categoryCode.StartsWith(rule.CategoryCode, StringComparison.Ordinal))
                continue;
            var prefix = DivisionPrefix(rule.DivisionCode);
            if (!divisionCode.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            if (rule.CategoryCode.Length > bestCategory
                || (rule.CategoryCode.Length == bestCategory && prefix.Length > bestDivision))
            {
                best = rule;
                bestCategory = rule.CategoryCode.Length;
                bestDivision = prefix.Length;
            }
        }
        return best;
    }

    /// <summary>
    /// The significant digits of a 12-digit division code: 2 for a province (330000000000), 4 for a city,
    /// 6 for a county, 9 for a township, 12 for a village; empty for an empty code.
    /// </summary>
    public static string DivisionPrefix(string code)
    {
        if (code.Length != 12)
            return code;
        if (code[9..] != "000")
            return code;
        if (code[6..9] != "000")
            return code[..9];
        if (code[4..6] != "00")
            return code[..6];
        return code[2..4] != "00" ? code[..4] : code[..2];
    }
}
