using System.Security.Cryptography;
using System.Text;

namespace Hub.Addresses.Registry;

/// <summary>
/// One canonical address of the standard-address registry: the parsed form of the first text
/// that produced its normalised key, with a stable id derived from that key.
/// </summary>
public sealed record StandardAddress(
    string AddressId, string NormalizedKey, ParsedAddress Parsed, string SearchText,
    DateTimeOffset FirstSeen, DateTimeOffset LastSeen)
{
    /// <summary>
    /// The id of the address with <paramref name="normalizedKey"/>: the same key always gives the same
    /// id, on any hub, so re-ingesting never creates a second entry.
    /// </summary>
    public static string IdFor(string normalizedKey) =>
        "A" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedKey)).AsSpan(0, 10));

    /// <summary>The text below the division names (road, number, estate, building, unit, room), used for prefix search.</summary>
    public static string SearchTextOf(ParsedAddress p) =>
        string.Concat(p.Road, p.RoadNumber, p.Estate, p.Building, p.Unit, p.Room);

    /// <summary>Whether a parse is good enough to enter the registry: a county at least, and something below the divisions.</summary>
    public static bool Qualifies(ParsedAddress p) =>
        p.NormalizedKey.Length > 0 && p.Level >= DivisionLevel.County && (p.Road.Length > 0 || p.RoadNumber.Length > 0 || p.Estate.Length > 0);
}

/// <summary>Keeps the standard-address registry.</summary>
public interface IAddressRegistryStore
{
    /// <summary>Adds addresses whose key is new and refreshes <c>last_seen</c> of the others (to the day: once a day at most).</summary>
    Task UpsertAsync(IReadOnlyList<StandardAddress> addresses, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>One address by id, or null.</summary>
    Task<StandardAddress?> GetAsync(string addressId, CancellationToken cancellationToken);

    /// <summary>Addresses within a division code prefix and/or starting with a search-text prefix, by division then text.</summary>
    Task<IReadOnlyList<StandardAddress>> SearchAsync(string? divisionPrefix, string? textPrefix, int offset, int limit,
        CancellationToken cancellationToken);
}
