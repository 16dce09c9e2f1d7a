namespace Hub.Addresses;

/// <summary>What the division phase found at the start of a normalised address.</summary>
internal sealed class DivisionResolution
{
    /// <summary>The deepest division the text determines without guessing, or null.</summary>
    public Division? Resolved { get; set; }

    /// <summary>Same-name divisions still in play below <see cref="Resolved"/> (at least two), or null.</summary>
    public List<Division>? Candidates { get; set; }

    /// <summary>True when a name matched several divisions and the text did not say which.</summary>
    public bool Ambiguous { get; set; }

    /// <summary>True when the text names divisions that do not fit together (柯城区 … 莲花镇).</summary>
    public bool Conflict { get; set; }

    /// <summary>Position just after the last division name consumed.</summary>
    public int End { get; set; }

    /// <summary>A grid (网格) found between division names, canonical (2网格), or empty.</summary>
    public string Grid { get; set; } = string.Empty;

    /// <summary>Position of the first division name; what comes before it is leading junk or detail text.</summary>
    public int Start { get; set; }

    /// <summary>True when the text before <see cref="Start"/> holds details (a road and number), not junk.</summary>
    public bool LeadingIsDetail { get; set; }

    /// <summary>The number of characters consumed as division names.</summary>
    public int MatchedChars { get; set; }

    /// <summary>Closes open ambiguity: keeps the deepest level all candidates share.</summary>
    public void Settle()
    {
        if (Candidates is null)
            return;
        Ambiguous = true;
        var common = CommonAncestor(Candidates);
        if (common is not null && (Resolved is null || common.Level > Resolved.Level))
            Resolved = common;
        Candidates = null;
    }

    /// <summary>The deepest division containing every one of <paramref name="divisions"/>, or null.</summary>
    public static Division? CommonAncestor(IReadOnlyList<Division> divisions)
    {
        Division? common = divisions[0];
        for (var i = 1; i < divisions.Count && common is not null; i++)
        {
            while (common is not null && !divisions[i].IsWithin(common))
                common = common.Parent;
        }
        return common;
    }
}
