using Google.Protobuf.WellKnownTypes;
using Hub.Contracts.V1;
using Hub.Identity.Normalization;

namespace Hub.Residents;

/// <summary>
/// Builds a resident's core identity from its linked department records. For each single-valued
/// field the most recently received record that has a usable value wins, a record with a valid ID
/// number before one without; contacts and addresses are gathered from all records, deduplicated.
/// </summary>
public static class ResidentCore
{
    /// <summary>The core identity of <paramref name="links"/>' resident, masked as <paramref name="grant"/> says.</summary>
    public static Resident Build(GetLinksResponse links, IReadOnlyList<PersonRecordRow> records, ResidentGrant grant, DateOnly today)
    {
        var ordered = records
            .Select(r => (Row: r, Id: CitizenIdNumber.Parse(r.Person.IdNumber, today)))
            .OrderByDescending(r => r.Id.IsValid)
            .ThenByDescending(r => r.Row.UpdatedAt)
            .ToList();
        var resident = new Resident { ResidentId = links.ResidentId, AliasIds = { links.AliasIds } };
        resident.SourceRefs.AddRange(links.Links.Select(l => l.SourceRef));

        resident.Name = ordered.Select(r => PersonName.Normalize(r.Row.Person.Name).Display).FirstOrDefault(n => n.Length > 0) ?? "";
        var id = ordered.Select(r => r.Id).FirstOrDefault(i => i.IsValid);
        if (id.IsValid)
        {
            resident.IdNumber = grant.RevealIdNumbers ? id.Value! : MaskIdNumber(id.Value!);
            resident.IdNumberMasked = !grant.RevealIdNumbers;
        }
        resident.Sex = ordered.Select(r => r.Row.Person.Sex).FirstOrDefault(s => s is { Code.Length: > 0 })
            ?? SexFromId(id);
        resident.Ethnicity = ordered.Select(r => r.Row.Person.Ethnicity).FirstOrDefault(e => e is { Code.Length: > 0 });
        resident.BirthDate = BirthDate(ordered.Select(r => r.Row.Person.BirthDate), id);

        var phones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (row, _) in ordered)
        {
            var source = new SourceRef { Department = row.Department, LocalId = row.LocalId };
            foreach (var c in row.Person.Contacts)
            {
                var phone = PhoneNumber.Normalize(c.Value);
                var value = phone.Value ?? c.Value.Trim();
                if (value.Length == 0 || !phones.Add($"{(int)c.Kind}|{value}"))
                    continue;
                var masked = phone.HasValue && !grant.RevealPhones;
                resident.Contacts.Add(new Contact { Kind = c.Kind, Value = masked ? MaskPhone(value) : value, Masked = masked, SourceRef = source });
            }
        }
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (row, _) in ordered)
        {
            foreach (var a in row.Person.Addresses)
            {
                if (a.Address is null)
                    continue;
                var key = a.Address.AddressId.Length > 0 ? a.Address.AddressId : a.Address.RawText.Trim();
                if (key.Length == 0 || !addresses.Add($"{(int)a.Kind}|{key}"))
                    continue;
                resident.Addresses.Add(new ResidentAddress
                {
                    Kind = a.Kind,
                    Address = a.Address,
                    Provenance = new Provenance
                    {
                        Department = row.Department, SourceRef = new SourceRef { Department = row.Department, LocalId = row.LocalId },
                        ObservedTime = Timestamp.FromDateTimeOffset(row.UpdatedAt),
                    },
                });
            }
        }
        var changed = links.Links.Select(l => l.CreateTime?.ToDateTimeOffset() ?? DateTimeOffset.MinValue)
            .Concat(records.Select(r => r.UpdatedAt)).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        if (changed > DateTimeOffset.MinValue)
            resident.UpdateTime = Timestamp.FromDateTimeOffset(changed);
        return resident;
    }

    /// <summary>An ID number shown as its first 6 and last 4 characters: <c>330802********123X</c>.</summary>
    public static string MaskIdNumber(string idNumber) =>
        idNumber.Length <= 10 ? new string('*', idNumber.Length) : string.Concat(idNumber.AsSpan(0, 6), new string('*', idNumber.Length - 10), idNumber.AsSpan(idNumber.Length - 4));

    /// <summary>An E.164 phone with its middle digits hidden: <c>+86138****5678</c>.</summary>
    public static string MaskPhone(string phone) =>
        phone.Length <= 10 ? string.Concat(phone.AsSpan(0, Math.Min(3, phone.Length)), new string('*', Math.Max(0, phone.Length - 3)))
            : string.Concat(phone.AsSpan(0, 6), new string('*', phone.Length - 10), phone.AsSpan(phone.Length - 4));

    private static Date? BirthDate(IEnumerable<string> recorded, IdNumberResult id)
    {
        if (id.IsValid && id.BirthDate is { } fromId)
            return new Date { Year = fromId.Year, Month = fromId.Month, Day = fromId.Day };
        Date? partial = null;
        foreach (var text in recorded)
        {
            var date = DateText.Parse(text);
            if (date.Status == DateStatus.Ok)
                return new Date { Year = date.Year, Month = date.Month, Day = date.Day };
            if (date.Status == DateStatus.Partial && partial is null)
                partial = new Date { Year = date.Year, Month = date.Month };
        }
        return partial;
    }

    private static CodedValue? SexFromId(IdNumberResult id) => id.Sex switch
    {
        Sex.Male => new CodedValue { Dictionary = "sex", Code = "1", Label = "男性" },
        Sex.Female => new CodedValue { Dictionary = "sex", Code = "2", Label = "女性" },
        _ => null,
    };
}
