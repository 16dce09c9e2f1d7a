using Hub.Contracts.V1;

namespace Hub.Cases;

/// <summary>Case state names as the contract and the "case-status" dictionary write them (<c>IN_PROGRESS</c>).</summary>
public static class CaseStates
{
    private static readonly Dictionary<string, CaseState> ByName = Enum.GetValues<CaseState>()
        .Where(s => s != CaseState.Unspecified)
        .ToDictionary(Name, s => s, StringComparer.OrdinalIgnoreCase);

    /// <summary>The dictionary code of a state, e.g. <c>IN_PROGRESS</c>.</summary>
    public static string Name(CaseState state) => state switch
    {
        CaseState.InProgress => "IN_PROGRESS",
        CaseState.OnHold => "ON_HOLD",
        _ => state.ToString().ToUpperInvariant(),
    };

    /// <summary>Reads a state name, with or without the <c>CASE_STATE_</c> prefix.</summary>
    public static bool TryParse(string text, out CaseState state)
    {
        var name = text.StartsWith("CASE_STATE_", StringComparison.OrdinalIgnoreCase) ? text["CASE_STATE_".Length..] : text;
        return ByName.TryGetValue(name, out state);
    }

    /// <summary>Names of several states for messages, e.g. <c>ACCEPTED, REJECTED</c>.</summary>
    public static string Names(IEnumerable<CaseState> states) => string.Join(", ", states.Select(Name));
}
