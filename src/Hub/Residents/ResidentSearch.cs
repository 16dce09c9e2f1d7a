using System.Globalization;
using Hub.Contracts.V1;
using Hub.Identity;
using Hub.Identity.Normalization;

namespace Hub.Residents;

/// <summary>A resident found by a search, with why it matched.</summary>
public sealed record SearchHit(string ResidentId, double Score, IReadOnlyList<MatchReason> Reasons);

/// <summary>
/// SearchResidents over the identity index: a name with a birth date, or a phone number, is matched
/// like a record given to Resolve (same normalisation, blocking and scores), read-only. A resident is a
/// hit when the name agrees (exactly, in pinyin or but for one character) and the birth date agrees to
/// the precision given (or with day and month swapped), or when a phone number is the same.
/// </summary>
public sealed class ResidentSearch(IdentityEngine engine, IResidentRecordStore records)
{
    /// <summary>Most hits a search returns over all its pages.</summary>
    public const int MaxHits = 1000;

    private static readonly int NameField = Array.IndexOf(Identity.Matching.MatchRules.Fields, "name");
    private static readonly int BirthDateField = Array.IndexOf(Identity.Matching.MatchRules.Fields, "birth_date");
    private static readonly int PhoneField = Array.IndexOf(Identity.Matching.MatchRules.Fields, "phone");

    /// <summary>Hits for a name and birth date, best first (score, then resident id).</summary>
    public async Task<IReadOnlyList<SearchHit>> ByNameAsync(string name, Date birth, CancellationToken cancellationToken)
    {
        var record = new PersonRecord { Name = name, BirthDate = DateText(birth) };
        var resolution = await engine.ResolveAsync(record, MaxHits, cancellationToken);
        var hits = new List<SearchHit>();
        foreach (var c in resolution.Candidates)
        {
            MatchReason? byName = c.Pair.Level(NameField) switch
            {
                ComparisonLevel.Exact => MatchReason.NameExact,
                ComparisonLevel.PinyinEqual => MatchReason.NamePinyin,
                ComparisonLevel.OneCharacterDifferent => MatchReason.NameOneCharacterDifferent,
                _ => null,
            };
            MatchReason? byBirth = c.Pair.Level(BirthDateField) switch
            {
                ComparisonLevel.Exact or ComparisonLevel.Partial => MatchReason.BirthDateExact,
                ComparisonLevel.Transposed => MatchReason.BirthDateTransposed,
                _ => null,
            };
            if (byName is { } n && byBirth is { } b)
                hits.Add(new SearchHit(c.ResidentId, c.Pair.Score, [n, b]));
        }
        return Order(hits);
    }

    /// <summary>Hits for a phone number (normalised to E.164), best first.</summary>
    public async Task<IReadOnlyList<SearchHit>> ByPhoneAsync(string e164, CancellationToken cancellationToken)
    {
        var record = new PersonRecord { Contacts = { new Contact { Kind = ContactKind.MobilePhone, Value = e164 } } };
        var resolution = await engine.ResolveAsync(record, MaxHits, cancellationToken);
        var hits = resolution.Candidates.Where(c => c.Pair.Level(PhoneField) == ComparisonLevel.Exact)
            .Select(c => new SearchHit(c.ResidentId, c.Pair.Score, [MatchReason.PhoneExact])).ToList();
        return Order(hits);
    }

    /// <summary>The name and birth date shown for each hit of a page, from the residents' linked records.</summary>
    public async Task<IReadOnlyDictionary<string, Resident>> DescribeAsync(IReadOnlyList<SearchHit> page, ResidentGrant grant, DateOnly today,
        CancellationToken cancellationToken)
    {
        var rows = await records.PersonRecordsOfAsync(page.Select(h => h.ResidentId).ToList(), cancellationToken);
        return rows.GroupBy(r => r.ResidentId, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => ResidentCore.Build(new GetLinksResponse { ResidentId = g.Key }, g.ToList(), grant, today), StringComparer.Ordinal);
    }

    private static List<SearchHit> Order(List<SearchHit> hits) =>
        hits.OrderByDescending(h => h.Score).ThenBy(h => h.ResidentId, StringComparer.Ordinal).Take(MaxHits).ToList();

    // The forms DateText reads: a full date, a year and month, or a year alone.
    private static string DateText(Date birth) => birth switch
    {
        { Month: > 0, Day: > 0 } => string.Create(CultureInfo.InvariantCulture, $"{birth.Year:D4}-{birth.Month:D2}-{birth.Day:D2}"),
        { Month: > 0 } => string.Create(CultureInfo.InvariantCulture, $"{birth.Year:D4}年{birth.Month}月"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{birth.Year:D4}年"),
    };
}
