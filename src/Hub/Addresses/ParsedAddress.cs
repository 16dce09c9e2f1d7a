namespace Hub.Addresses;

/// <summary>
/// A free-text address split into its components. Every string is empty when absent and otherwise
/// in canonical form: 府山街道, 新桥路, 12号, 3幢, 2单元, 3层, 301室, 2网格.
/// </summary>
public sealed record ParsedAddress
{
    /// <summary>The input exactly as given.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>Province, e.g. 浙江省.</summary>
    public string Province { get; init; } = string.Empty;

    /// <summary>Prefecture-level city, e.g. 衢州市.</summary>
    public string City { get; init; } = string.Empty;

    /// <summary>County-level unit, e.g. 柯城区.</summary>
    public string County { get; init; } = string.Empty;

    /// <summary>Township-level unit, e.g. 府山街道.</summary>
    public string Township { get; init; } = string.Empty;

    /// <summary>Community or village, e.g. 蛟池街社区 or 新桥村; kept as written when not in the tables.</summary>
    public string Community { get; init; } = string.Empty;

    /// <summary>Grid (网格) inside a community, e.g. 2网格; not a division and not part of the key.</summary>
    public string GridName { get; init; } = string.Empty;

    /// <summary>Villagers' group (村民小组), e.g. 3组.</summary>
    public string Group { get; init; } = string.Empty;

    /// <summary>Road or street, e.g. 新桥路 or 县学街 (with a lane when given: 新桥路28弄).</summary>
    public string Road { get; init; } = string.Empty;

    /// <summary>Number on the road or in the village, e.g. 12号.</summary>
    public string RoadNumber { get; init; } = string.Empty;

    /// <summary>Named estate or building complex, e.g. 锦绣花园.</summary>
    public string Estate { get; init; } = string.Empty;

    /// <summary>Building, e.g. 3幢 (written 3号楼, 3栋, 3座, 3# or as the middle of 3-2-301).</summary>
    public string Building { get; init; } = string.Empty;

    /// <summary>Unit (entrance), e.g. 2单元.</summary>
    public string Unit { get; init; } = string.Empty;

    /// <summary>Floor, e.g. 3层; derived from a three- or four-digit room number when not written.</summary>
    public string Floor { get; init; } = string.Empty;

    /// <summary>Room, e.g. 301室.</summary>
    public string Room { get; init; } = string.Empty;

    /// <summary>
    /// The 12-digit code of the deepest division resolved, right-padded with zeros
    /// (330802000000 for a county, 330802006000 for a township); empty when nothing was resolved.
    /// </summary>
    public string DivisionCode { get; init; } = string.Empty;

    /// <summary>The level <see cref="DivisionCode"/> stands for.</summary>
    public DivisionLevel Level { get; init; }

    /// <summary>How far the result can be trusted, from 0 to 1; lowered by ambiguity, conflicts and unparsed text.</summary>
    public double Confidence { get; init; }

    /// <summary>What the parser did not understand, in order, separated by spaces.</summary>
    public string Unparsed { get; init; } = string.Empty;

    /// <summary>
    /// A deterministic key for deduplication: equal for the many spellings of one flat. It holds the
    /// county code when a road is named (a road is unique within a county, and townships are often
    /// omitted), otherwise the deepest division code, then the locality, number, building, unit and room.
    /// </summary>
    public string NormalizedKey { get; init; } = string.Empty;
}
