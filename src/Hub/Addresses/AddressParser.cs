using System.Text;

namespace Hub.Addresses;

/// <summary>
/// Splits free-text Chinese addresses into divisions and components and resolves the divisions
/// to their 12-digit codes. Stateless after construction and safe to call from many threads.
/// </summary>
/// <remarks>
/// Parsing runs in two phases over the normalised text (<see cref="TextNormalizer"/>): division
/// names from the start, top-down (<see cref="DivisionResolver"/>), then road, number, building,
/// unit, floor and room from the rest (<see cref="DetailParser"/>). Nothing is guessed: a township
/// name found in several counties resolves only to the level the candidates share unless the text
/// says which, and a road never determines a division.
/// </remarks>
public sealed class AddressParser
{
    private static readonly Lazy<AddressParser> SharedInstance = new(() => new AddressParser(DivisionCatalog.Shared));

    private readonly DivisionResolver _resolver;

    /// <summary>Creates a parser over <paramref name="catalog"/>.</summary>
    public AddressParser(DivisionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
        _resolver = new DivisionResolver(catalog);
    }

    /// <summary>A parser over <see cref="DivisionCatalog.Shared"/>, created on first use.</summary>
    public static AddressParser Shared => SharedInstance.Value;

    /// <summary>The divisions this parser resolves against.</summary>
    public DivisionCatalog Catalog { get; }

    /// <summary>Parses <paramref name="text"/>; never throws for any input, and returns an empty result for blank text.</summary>
    public ParsedAddress Parse(string? text)
    {
        var normalized = TextNormalizer.Normalize(text);
        if (normalized.Length == 0)
            return new ParsedAddress { Text = text ?? string.Empty };

        var divisions = _resolver.Resolve(normalized);
        var resolved = divisions.Resolved;
        var village = resolved?.AncestorAt(DivisionLevel.Village);

        var details = new AddressDetails { InVillage = village is not null, Grid = divisions.Grid };
        var rest = normalized[divisions.End..];
        if (divisions.LeadingIsDetail)
            rest = normalized[..divisions.Start] + rest; // 新桥路12号，柯城区府山街道: details came first
        else
            details.AddUnparsed(normalized.AsSpan(0, divisions.Start)); // 地址：…
        if (rest.Length > 0)
            DetailParser.Parse(ChineseNumerals.ConvertBeforeMarkers(rest), details);

        var divisionCode = resolved?.Code12 ?? string.Empty;
        return new ParsedAddress
        {
            Text = text ?? string.Empty,
            Province = resolved?.AncestorAt(DivisionLevel.Province)?.CanonicalName ?? string.Empty,
            City = resolved?.AncestorAt(DivisionLevel.City)?.CanonicalName ?? string.Empty,
            County = resolved?.AncestorAt(DivisionLevel.County)?.CanonicalName ?? string.Empty,
            Township = resolved?.AncestorAt(DivisionLevel.Township)?.CanonicalName ?? string.Empty,
            Community = village?.CanonicalName ?? details.Community,
            GridName = details.Grid,
            Group = details.Group,
            Road = details.Road,
            RoadNumber = details.RoadNumber,
            Estate = details.Estate,
            Building = details.Building,
            Unit = details.Unit,
            Floor = details.Floor,
            Room = details.Room,
            DivisionCode = divisionCode,
            Level = resolved?.Level ?? DivisionLevel.None,
            Confidence = Confidence(resolved, divisions, details, normalized.Length),
            Unparsed = details.Unparsed.ToString(),
            NormalizedKey = Key(resolved, village, details),
        };
    }

    private static double Confidence(Division? resolved, DivisionResolution divisions, AddressDetails details, int length)
    {
        var score = (resolved?.Level ?? DivisionLevel.None) switch
        {
            DivisionLevel.Village => 1.0,
            DivisionLevel.Township => 0.9,
            DivisionLevel.County => 0.75,
            DivisionLevel.City => 0.5,
            DivisionLevel.Province => 0.3,
            _ => 0.1,
        };
        if (divisions.Ambiguous)
            score -= 0.25;
        if (divisions.Conflict)
            score -= 0.25;
        if (details.RoadNumber.Length == 0 && details.Building.Length == 0 && details.Room.Length == 0 && resolved?.Level != DivisionLevel.Village)
            score -= 0.1; // nothing below the division: a place, not an address
        score -= 0.5 * details.UnparsedChars / length;
        return Math.Round(Math.Clamp(score, 0, 1), 2);
    }

    /// <summary>
    /// The dedup key. With a road, the county code: roads are unique within a county, and one writer
    /// names the township while another does not. Without a road, the deepest code, then the village's
    /// group or the community and estate as written.
    /// </summary>
    private static string Key(Division? resolved, Division? village, AddressDetails d)
    {
        var sb = new StringBuilder(64);
        if (d.Road.Length > 0)
        {
            var county = resolved?.AncestorAt(DivisionLevel.County) ?? resolved;
            sb.Append(county?.Code12 ?? string.Empty).Append('|').Append(d.Road);
        }
        else
        {
            sb.Append(resolved?.Code12 ?? string.Empty).Append('|');
            if (village is null)
                sb.Append(d.Community);
            sb.Append(d.Group).Append(d.Estate);
        }
        sb.Append('|').Append(d.RoadNumber)
            .Append('|').Append(d.Building)
            .Append('|').Append(d.Unit)
            .Append('|').Append(d.Room.Length > 0 ? d.Room : d.Floor);
        return sb.ToString();
    }
}
