namespace Hub.Addresses;

/// <summary>
/// The division phase of parsing: reads division names from the start of a normalised address,
/// top-down, each one deeper than the last and inside it. A name shared by several divisions is
/// kept open as candidates until later text (a village under one of them, or a county named after
/// it) decides; otherwise only the level all candidates share is kept. Nothing is guessed.
/// </summary>
internal sealed class DivisionResolver(DivisionCatalog catalog)
{
    /// <summary>Resolves the division names at the start of <paramref name="s"/>.</summary>
    public DivisionResolution Resolve(string s)
    {
        var state = new DivisionResolution();
        var accepted = new List<Division>(4);
        var pos = SkipLeadingWords(s, state, accepted);
        state.End = pos;
        while (pos < s.Length)
        {
            var matchedLength = MatchAt(s, pos, state, accepted);
            if (matchedLength > 0)
            {
                Apply(state, accepted);
                pos += matchedLength;
                state.MatchedChars += matchedLength;
                state.End = pos;
                continue;
            }
            // A grid between names (新安社区2网格…) is skipped so that names after it still count.
            if (TrySkipGrid(s, pos, out var afterGrid, out var grid) && afterGrid < s.Length && PeekName(s, afterGrid, state))
            {
                state.Grid = grid;
                pos = afterGrid;
                continue;
            }
            // 市辖区 (the NBS placeholder under a city) and a name repeated (衢州市衢州市) add nothing.
            if (SkipRedundant(s, pos, state) is > 0 and var skipped)
            {
                pos += skipped;
                state.End = pos;
                continue;
            }
            break;
        }
        state.Settle();
        return state;
    }

    /// <summary>
    /// Finds where the division names start. Usually at once; a few leading words that are not names
    /// (地址：, 中国, a person's name) are skipped as unparsed. When the names come after the details
    /// (新桥路12号，柯城区府山街道) the leading part is handed back as detail text instead.
    /// </summary>
    private int SkipLeadingWords(string s, DivisionResolution state, List<Division> accepted)
    {
        const int MaxLeadingGap = 10;
        if (MatchAt(s, 0, state, accepted) > 0)
            return 0;
        var sawDigit = false;
        for (var start = 1; start < s.Length - 1; start++)
        {
            var c = s[start - 1];
            sawDigit |= TextNormalizer.IsDigit(c) || c == '-';
            var leadingJunk = !sawDigit && start <= MaxLeadingGap;
            // Past the first few characters only a full county, city or township name starts the divisions.
            if (!leadingJunk && !StartsFullName(s, start, DivisionLevel.Township))
                continue;
            if (MatchAt(s, start, state, accepted) > 0)
            {
                state.Start = start;
                state.LeadingIsDetail = !leadingJunk;
                return start;
            }
        }
        return 0;
    }

    /// <summary>The longest length left in <paramref name="lengths"/> (bit n: length n), taken out of it; 0 when none is left.</summary>
    private static int TakeLongest(ref ulong lengths)
    {
        if (lengths == 0)
            return 0;
        var len = 63 - System.Numerics.BitOperations.LeadingZeroCount(lengths);
        lengths &= ~(1UL << len);
        return len;
    }

    private bool PeekName(string s, int pos, DivisionResolution state) => MatchAt(s, pos, state, new List<Division>(2)) > 0;

    /// <summary>Finds the longest acceptable name at <paramref name="pos"/>; fills <paramref name="accepted"/>.</summary>
    private int MatchAt(string s, int pos, DivisionResolution state, List<Division> accepted)
    {
        accepted.Clear();
        var span = s.AsSpan(pos);
        for (var lengths = catalog.LengthsStartingWith(span); TakeLongest(ref lengths) is var len and > 0;)
        {
            var matches = catalog.Match(span[..len]);
            if (matches is null)
                continue;
            var end = pos + len;
            var roads = RoadsAfter(s, end);
            // Full spellings first: 劳村 is the full name of 劳村村委会 and only the short form of 劳村居委会.
            for (var pass = 0; pass < 2 && accepted.Count == 0; pass++)
            {
                foreach (var m in matches)
                {
                    if (m.Bare == (pass == 1) && !roads.Rejects(m) && Accept(m, s, end, state) && !accepted.Contains(m.Division))
                        accepted.Add(m.Division);
                }
            }
            if (accepted.Count > 0)
                return len;
            if (NoteConflict(matches, state))
                return 0; // a name that contradicts the text so far: stop reading names here
        }
        return 0;
    }

    /// <summary>
    /// Whether the text after a name reads as a road named after the place (新桥路, 衢江路, 白云大道,
    /// 柯城东路, 新安二路), for full names, strong short forms (county and up) and weak short forms.
    /// A division name starting right there (台州市路桥区, 龙游县大街乡) means it is no road.
    /// </summary>
    private RoadCheck RoadsAfter(string s, int end)
    {
        var check = new RoadCheck(
            TextNormalizer.FollowedByRoad(s, end, maxGap: 0, numerals: false),
            TextNormalizer.FollowedByRoad(s, end, maxGap: 1, numerals: false),
            TextNormalizer.FollowedByRoad(s, end));
        return check.Any && StartsFullName(s, end) ? default : check;
    }

    private bool StartsFullName(string s, int pos, DivisionLevel deepest = DivisionLevel.Village)
    {
        var span = s.AsSpan(pos);
        for (var lengths = catalog.LengthsStartingWith(span); TakeLongest(ref lengths) is var len and > 0;)
        {
            if (catalog.Match(span[..len]) is { } matches && AnyFullNameDownTo(matches, deepest))
                return true;
        }
        return false;
    }

    private readonly record struct RoadCheck(bool AfterFull, bool AfterStrongBare, bool AfterWeakBare)
    {
        public bool Any => AfterFull || AfterStrongBare || AfterWeakBare;

        public bool Rejects(NameMatch m) =>
            !m.Bare ? AfterFull : m.Division.Level <= DivisionLevel.County ? AfterStrongBare : AfterWeakBare;
    }

    private static bool Accept(NameMatch m, string s, int end, DivisionResolution state)
    {
        var d = m.Division;
        var scope = state.Resolved;
        var scopeLevel = scope?.Level ?? DivisionLevel.None;

        // Short forms need context: 府山 alone is not a township, 新桥 alone is not a village.
        if (m.Bare)
        {
            if (d.Level == DivisionLevel.Township && scopeLevel < DivisionLevel.City)
                return false;
            if (d.Level == DivisionLevel.Village
                && ((scopeLevel < DivisionLevel.County && state.Candidates is null) || !EndsToken(s, end)))
                return false;
        }
        else if (d.Level == DivisionLevel.Village && scopeLevel < DivisionLevel.City && state.Candidates is null)
        {
            return false; // village names repeat across the province; a bare village name decides nothing
        }

        if (state.Candidates is { } candidates)
        {
            var candidateLevel = candidates[0].Level;
            if (d.Level > candidateLevel)
                return candidates.Exists(d.IsWithin);
            // A county or city named after an ambiguous township tells which one was meant.
            return d.Level < candidateLevel && d.Level > scopeLevel && AnyWithin(candidates, d);
        }
        return scope is null || (d.Level > scopeLevel && d.IsWithin(scope));
    }

    private static void Apply(DivisionResolution state, List<Division> accepted)
    {
        // Keep the shallowest level when one spelling names divisions at several levels.
        var level = accepted[0].Level;
        foreach (var d in accepted)
            level = d.Level < level ? d.Level : level;
        for (var i = accepted.Count - 1; i >= 0; i--)
        {
            if (accepted[i].Level != level)
                accepted.RemoveAt(i);
        }

        if (state.Candidates is { } candidates)
            ApplyToCandidates(state, accepted, candidates, level);
        else
            Narrow(state, accepted);
    }

    // Apart from Apply, so that the lambdas' captures are only paid for while candidates are open.
    private static void ApplyToCandidates(DivisionResolution state, List<Division> accepted, List<Division> candidates, DivisionLevel level)
    {
        var narrowed = level > candidates[0].Level
            ? candidates.FindAll(c => accepted.Exists(d => d.IsWithin(c)))
            : candidates.FindAll(c => accepted.Exists(c.IsWithin));
        if (level > candidates[0].Level)
        {
            // Villages under the candidates: keep the villages, they are deeper still.
            var villages = accepted.FindAll(d => narrowed.Exists(d.IsWithin));
            Narrow(state, villages);
            return;
        }
        if (accepted.Count == 1)
            state.Resolved = accepted[0];
        Narrow(state, narrowed);
    }

    // Loops rather than lambdas in what runs for every name of every address: a lambda capturing a local costs an object
    // per call, whichever branch is taken (the capture is made where the local comes into scope).
    private static bool AnyWithin(List<Division> divisions, Division outer)
    {
        foreach (var d in divisions)
        {
            if (d.IsWithin(outer))
                return true;
        }
        return false;
    }

    private static bool AnyFullNameDownTo(NameMatch[] matches, DivisionLevel deepest)
    {
        foreach (var m in matches)
        {
            if (!m.Bare && m.Division.Level <= deepest)
                return true;
        }
        return false;
    }

    private static bool AnyFullNameContaining(NameMatch[] matches, Division inner)
    {
        foreach (var m in matches)
        {
            if (!m.Bare && inner.IsWithin(m.Division))
                return true;
        }
        return false;
    }

    private static void Narrow(DivisionResolution state, List<Division> divisions)
    {
        if (divisions.Count == 1)
        {
            state.Resolved = divisions[0];
            state.Candidates = null;
            return;
        }
        state.Candidates = [.. divisions];
        var common = DivisionResolution.CommonAncestor(divisions);
        if (common is not null && (state.Resolved is null || common.Level > state.Resolved.Level))
            state.Resolved = common;
    }

    /// <summary>
    /// A full county or city name that does not contain what was resolved: the text contradicts itself,
    /// so fall back to what both agree on rather than keep a county the text did not name.
    /// </summary>
    private static bool NoteConflict(NameMatch[] matches, DivisionResolution state)
    {
        foreach (var m in matches)
        {
            var named = m.Division;
            if (m.Bare || named.Level is not (DivisionLevel.City or DivisionLevel.County or DivisionLevel.Township))
                continue;
            var resolved = state.Resolved;
            if (resolved is null || resolved.IsWithin(named) || named.IsWithin(resolved))
                continue;
            state.Conflict = true;
            if (named.Level <= DivisionLevel.County && resolved.Level >= named.Level
                && DivisionResolution.CommonAncestor([resolved, named]) is { } common)
            {
                state.Resolved = common;
                state.Candidates = null;
            }
            return true;
        }
        return false;
    }

    /// <summary>True when a bare name is followed by a number, a dash, the end, or 组/网格 — not by more name.</summary>
    private static bool EndsToken(string s, int i) =>
        i >= s.Length || TextNormalizer.IsDigit(s[i]) || s[i] is '-' or '#' || ChineseNumerals.IsNumeral(s[i])
        || s.AsSpan(i).StartsWith("网格") || s.AsSpan(i).StartsWith("组");

    private int SkipRedundant(string s, int pos, DivisionResolution state)
    {
        var span = s.AsSpan(pos);
        if (span.StartsWith("市辖区"))
            return 3;
        if (state.Resolved is not { } resolved)
            return 0;
        for (var lengths = catalog.LengthsStartingWith(span); TakeLongest(ref lengths) is var len and > 0;)
        {
            if (catalog.Match(span[..len]) is { } matches && AnyFullNameContaining(matches, resolved))
                return len;
        }
        return 0;
    }

    private static bool TrySkipGrid(string s, int pos, out int after, out string grid)
    {
        after = pos;
        grid = string.Empty;
        var i = pos;
        if (i < s.Length && s[i] == '第')
            i++;
        var start = i;
        while (i < s.Length && (TextNormalizer.IsDigit(s[i]) || ChineseNumerals.IsNumeral(s[i])))
            i++;
        if (i == start || !s.AsSpan(i).StartsWith("网格"))
            return false;
        var digits = s.AsSpan(start, i - start);
        if (!int.TryParse(digits, out var n) && !ChineseNumerals.TryParse(digits, out n))
            return false;
        grid = n + "网格";
        after = i + 2;
        return true;
    }
}
