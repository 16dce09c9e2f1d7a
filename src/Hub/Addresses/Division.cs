namespace Hub.Addresses;

/// <summary>
/// One administrative division from the shipped GB/T 2260 and NBS tables. Instances are created
/// once by <see cref="DivisionCatalog"/> and shared; parents are linked, so walking up is free.
/// </summary>
public sealed class Division
{
    internal Division(string code, string name, string canonicalName, DivisionLevel level, Division? parent)
    {
        Code = code;
        Code12 = code.PadRight(12, '0');
        Name = name;
        CanonicalName = canonicalName;
        Level = level;
        Parent = parent;
    }

    /// <summary>The code as published: 6 digits down to county, 9 for townships, 12 for villages.</summary>
    public string Code { get; }

    /// <summary>The code right-padded with zeros to 12 digits.</summary>
    public string Code12 { get; }

    /// <summary>The name exactly as the source table spells it, e.g. <c>新桥村村民委员会</c>.</summary>
    public string Name { get; }

    /// <summary>The name used in addresses, e.g. <c>新桥村</c> for <c>新桥村村民委员会</c>.</summary>
    public string CanonicalName { get; }

    /// <summary>The level of this division.</summary>
    public DivisionLevel Level { get; }

    /// <summary>The division directly above, or null for the province.</summary>
    public Division? Parent { get; }

    /// <summary>Returns this division or the ancestor at <paramref name="level"/>, or null when this one is shallower.</summary>
    public Division? AncestorAt(DivisionLevel level)
    {
        var d = this;
        while (d is not null && d.Level > level)
            d = d.Parent;
        return d is not null && d.Level == level ? d : null;
    }

    /// <summary>True when <paramref name="ancestor"/> is this division or one of its ancestors.</summary>
    public bool IsWithin(Division ancestor)
    {
        for (var d = this; d is not null; d = d.Parent)
        {
            if (ReferenceEquals(d, ancestor))
                return true;
            if (d.Level < ancestor.Level)
                return false;
        }
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"{CanonicalName} ({Code})";
}
