using Google.Protobuf.WellKnownTypes;
using Hub.Contracts.V1;
using Hub.Identity;
using Hub.Identity.Normalization;

namespace Hub.Residents;

/// <summary>
/// Builds a resident's core identity from its linked department records. For each single-valued
/// field the most recently received record that has a usable value wins, a record with a valid ID
/// number before one without; contacts and addresses are gathered from all records, deduplicated.
/// </summary>
public static class ResidentCore
{
    // Display forms of names, by the name as recorded: each read of a resident shows the same few names again, and
    // normalising one also works out its pinyin readings, which a display does not use. Bounded (see ParsedCache).
    private static readonly ParsedCache<string> DisplayNames = new(16_384, static raw => PersonName.Normalize(raw).Display);

    /// <summary>The core identity of <paramref name="links"/>' resident, masked as <paramref name="grant"/> says.</summary>
    /// <remarks>Plain loops, not LINQ: every resident read builds one, from a handful of records.</remarks>
    public static Resident Build(GetLinksResponse links, IReadOnlyList<PersonRecordRow> records, ResidentGrant grant, DateOnly today)
    {
        var ordered = Ordered(records, today);
        var resident = new Resident { ResidentId = links.ResidentId, AliasIds = { links.AliasIds } };
        foreach (var link in links.Links)
            resident.SourceRefs.Add(link.SourceRef);

        resident.Name = "";
        foreach (var (row, _) in ordered)
        {
            if (DisplayNames.Get(row.Person.Name) is { Length: > 0 } name)
            {
                resident.Name = name;
                break;
            }
        }
        var id = default(IdNumberResult);
        foreach (var (_, candidate) in ordered)
        {
            if (candidate.IsValid)
            {
                id = candidate;
                break;
            }
        }
        if (id.IsValid)
        {
            resident.IdNumber = grant.RevealIdNumbers ? id.Value! : MaskIdNumber(id.Value!);
            resident.IdNumberMasked = !grant.RevealIdNumbers;
        }
        resident.Sex = First(ordered, static p => p.Sex) ?? SexFromId(id);
        resident.Ethnicity = First(ordered, static p => p.Ethnicity);
        resident.BirthDate = BirthDate(ordered, id);

        // Contacts and addresses deduplicated by kind and value (a tuple: no key string built per entry).
        var phones = new HashSet<(ContactKind, string)>();
        foreach (var (row, _) in ordered)
        {
            SourceRef? source = null;
            foreach (var c in row.Person.Contacts)
            {
                var phone = PhoneNumber.Normalize(c.Value);
                var value = phone.Value ?? c.Value.Trim();
                if (value.Length == 0 || !phones.Add((c.Kind, value)))
                    continue;
                var masked = phone.HasValue && !grant.RevealPhones;
                source ??= new SourceRef { Department = row.Department, LocalId = row.LocalId };
                resident.Contacts.Add(new Contact { Kind = c.Kind, Value = masked ? MaskPhone(value) : value, Masked = masked, SourceRef = source });
            }
        }
        var addresses = new HashSet<(ResidentAddressKind, string)>();
        foreach (var (row, _) in ordered)
        {
            foreach (var a in row.Person.Addresses)
            {
                if (a.Address is null)
                    continue;
                var key = a.Address.AddressId.Length > 0 ? a.Address.AddressId : a.Address.RawText.Trim();
                if (key.Length == 0 || !addresses.Add((a.Kind, key)))
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
        var changed = DateTimeOffset.MinValue;
        foreach (var link in links.Links)
        {
            var created = link.CreateTime?.ToDateTimeOffset() ?? DateTimeOffset.MinValue;
            if (created > changed)
                changed = created;
        }
        foreach (var row in records)
        {
            if (row.UpdatedAt > changed)
                changed = row.UpdatedAt;
        }
        if (changed > DateTimeOffset.MinValue)
            resident.UpdateTime = Timestamp.FromDateTimeOffset(changed);
        return resident;
    }

    // Records with a valid ID number first, then the most recently received first; otherwise in the order given (a stable sort).
    private static (PersonRecordRow Row, IdNumberResult Id)[] Ordered(IReadOnlyList<PersonRecordRow> records, DateOnly today)
    {
        var ordered = new (PersonRecordRow Row, IdNumberResult Id)[records.Count];
        for (var i = 0; i < ordered.Length; i++)
        {
            var item = (records[i], CitizenIdNumber.Parse(records[i].Person.IdNumber, today));
            var j = i;
            for (; j > 0 && Before(item, ordered[j - 1]); j--)
                ordered[j] = ordered[j - 1];
            ordered[j] = item;
        }
        return ordered;
    }

    private static bool Before((PersonRecordRow Row, IdNumberResult Id) a, (PersonRecordRow Row, IdNumberResult Id) b) =>
        a.Id.IsValid != b.Id.IsValid ? a.Id.IsValid : a.Row.UpdatedAt > b.Row.UpdatedAt;

    // The first record's coded value that has a code.
    private static CodedValue? First((PersonRecordRow Row, IdNumberResult Id)[] ordered, Func<PersonRecord, CodedValue?> value)
    {
        foreach (var (row, _) in ordered)
        {
            if (value(row.Person) is { Code.Length: > 0 } coded)
                return coded;
        }
        return null;
    }

    /// <summary>An ID number shown as its first 6 and last 4 characters: <c>330802********123X</c>.</summary>
    public static string MaskIdNumber(string idNumber) =>
        idNumber.Length <= 10 ? new string('*', idNumber.Length) : string.Concat(idNumber.AsSpan(0, 6), new string('*', idNumber.Length - 10), idNumber.AsSpan(idNumber.Length - 4));

    /// <summary>An E.164 phone with its middle digits hidden: <c>+86138****5678</c>.</summary>
    public static string MaskPhone(string phone) =>
        phone.Length <= 10 ? string.Concat(phone.AsSpan(0, Math.Min(3, phone.Length)), new string('*', Math.Max(0, phone.Length - 3)))
            : string.Concat(phone.AsSpan(0, 6), new string('*', phone.Length - 10), phone.AsSpan(phone.Length - 4));

    private static Date? BirthDate((PersonRecordRow Row, IdNumberResult Id)[] ordered, IdNumberResult id)
    {
        if (id.IsValid && id.BirthDate is { } fromId)
            return new Date { Year = fromId.Year, Month = fromId.Month, Day = fromId.Day };
        Date? partial = null;
        foreach (var (row, _) in ordered)
        {
            var date = DateText.Parse(row.Person.BirthDate);
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
