using Hub.Addresses;
using Hub.Addresses.Registry;
using Hub.Contracts.V1;
using Hub.Identity.Normalization;

namespace Hub.Identity.Matching;

/// <summary>Turns a translated <see cref="PersonRecord"/> into <see cref="IdentityFeatures"/>.</summary>
public sealed class FeatureExtractor(AddressParser addresses, TimeProvider time)
{
    /// <summary>Normalises the record's evidence. Unusable values become missing, never guesses.</summary>
    public IdentityFeatures Extract(PersonRecord record)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var id = CitizenIdNumber.Parse(record.IdNumber, today);
        var name = PersonName.Normalize(record.Name);
        var date = DateText.Parse(record.BirthDate);
        int year = 0, month = 0, day = 0;
        if (date.Status is DateStatus.Ok or DateStatus.Partial)
            (year, month, day) = (date.Year, date.Month, date.Day);
        else if (date.Status == DateStatus.Missing && id.BirthDate is { } fromId)
            (year, month, day) = (fromId.Year, fromId.Month, fromId.Day);

        var sex = record.Sex?.Code switch
        {
            "1" => Sex.Male,
            "2" => Sex.Female,
            _ => id.Sex,
        };

        // Plain loops into small arrays: a record has a phone or two and an address or two, and this runs for every
        // ingested record (LINQ's iterators, sets and lists were a twentieth of what a sync allocated).
        string[] phones = [];
        foreach (var c in record.Contacts)
        {
            if (c.Kind is ContactKind.MobilePhone or ContactKind.Landline or ContactKind.Unspecified
                && PhoneNumber.Normalize(c.Value).Value is { } phone)
                phones = AddDistinct(phones, phone);
        }

        string[] keys = [];
        string[] localities = [];
        foreach (var a in record.Addresses)
        {
            if (a.Address is null || string.IsNullOrWhiteSpace(a.Address.RawText))
                continue;
            // Ingest has already parsed and registered the address (its id stands for its normalised key);
            // only an address that did not enter the registry is parsed here.
            var address = a.Address;
            if (address.AddressId.Length == 0)
            {
                var parsed = addresses.Parse(address.RawText);
                if (parsed.NormalizedKey.Length == 0 || parsed.Level < Addresses.DivisionLevel.County)
                    continue;
                address = AddressMessages.From(parsed, StandardAddress.IdFor(parsed.NormalizedKey));
            }
            keys = AddDistinct(keys, address.AddressId);
            var area = address.DivisionCode.Length >= 6 ? address.DivisionCode.AsSpan(0, 6) : address.DivisionCode;
            localities = AddDistinct(localities, $"{area}|{address.Road}{address.Community}|{address.RoadNumber}");
        }

        return new IdentityFeatures
        {
            IdNumber = id.IsValid ? id.Value : null,
            IdNumberInvalid = !id.IsValid && id.Cleaned is { Length: 18 } cleaned ? cleaned : null,
            NameKey = name.Key,
            PinyinKey = name.PinyinKey,
            SurnamePinyin = name.SurnamePinyin ?? "",
            BirthYear = year,
            BirthMonth = month,
            BirthDay = day,
            Sex = sex,
            Phones = phones,
            AddressKeys = keys,
            AddressLocalities = localities,
        };
    }

    // The array with the value appended unless already there, in first-seen order (what Distinct kept).
    private static string[] AddDistinct(string[] values, string value)
    {
        if (Array.IndexOf(values, value) >= 0)
            return values;
        var grown = new string[values.Length + 1];
        values.CopyTo(grown, 0);
        grown[^1] = value;
        return grown;
    }
}
