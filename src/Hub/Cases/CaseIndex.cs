using Hub.Contracts.V1;

namespace Hub.Cases;

/// <summary>The searchable keys of a case, as the store indexes them and the watch stream filters on them.</summary>
public static class CaseIndex
{
    /// <summary>Departments involved (lead, co-departments, task holders), as <c>,a,b,</c> for whole-code matching.</summary>
    public static string Departments(Case c, string actorDepartment = "")
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        if (c.LeadDepartment.Length > 0)
            set.Add(c.LeadDepartment);
        set.UnionWith(c.CoDepartments);
        foreach (var t in c.Tasks)
            set.Add(t.Department);
        if (actorDepartment.Length > 0)
            set.Add(actorDepartment);
        return set.Count == 0 ? "," : "," + string.Join(',', set) + ",";
    }

    /// <summary>Resident ids of the parties and the reporter, as <c>,r1,r2,</c>.</summary>
    public static string Residents(Case c)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var p in c.Parties)
            if (p.ResidentId.Length > 0)
                set.Add(p.ResidentId);
        if (c.Reporter?.Resident?.ResidentId is { Length: > 0 } r)
            set.Add(r);
        return set.Count == 0 ? "," : "," + string.Join(',', set) + ",";
    }
}

/// <summary>The filters of a WatchCases stream. Empty filters match everything.</summary>
public sealed record WatchFilter(string Department, string DivisionPrefix, IReadOnlyList<string> CategoryPrefixes)
{
    /// <summary>True when an event with these keys passes.</summary>
    public bool Matches(string departments, string divisionCode, string categoryCode) =>
        (Department.Length == 0 || departments.Contains("," + Department + ",", StringComparison.Ordinal))
        && divisionCode.StartsWith(DivisionPrefix, StringComparison.Ordinal)
        && (CategoryPrefixes.Count == 0 || CategoryPrefixes.Any(p => categoryCode.StartsWith(p, StringComparison.Ordinal)));

    /// <summary>True when a stored event passes.</summary>
    public bool Matches(StoredEventHeader h) => Matches(h.Departments, h.DivisionCode, h.CategoryCode);

    /// <summary>True when a live event passes.</summary>
    public bool Matches(CaseEvent e) =>
        Matches(Departments(e.Snapshot, e.ActorDepartment), e.Snapshot.DivisionCode, e.Snapshot.Category?.Code ?? "");

    private static string Departments(Case c, string actor) => CaseIndex.Departments(c, actor);
}
