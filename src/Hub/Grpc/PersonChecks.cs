using Hub.Contracts.V1;
using Hub.Identity.Normalization;

namespace Hub.Grpc;

/// <summary>Input checks of a <see cref="PersonRecord"/> given to Resolve.</summary>
public static class PersonChecks
{
    /// <summary>Adds a violation for every bad field of <paramref name="record"/> under <paramref name="path"/>.</summary>
    public static void Check(PersonRecord record, string path, DateOnly today, RequestChecks checks)
    {
        checks.Check(string.IsNullOrWhiteSpace(record.Name) && string.IsNullOrWhiteSpace(record.IdNumber), $"{path}.name",
                "a record needs a name or an ID number")
            .MaxLength($"{path}.name", record.Name, 200)
            .MaxLength($"{path}.id_number", record.IdNumber, 64)
            .MaxLength($"{path}.birth_date", record.BirthDate, 64)
            .Check(record.Contacts.Count > 20, $"{path}.contacts", "at most 20 contacts")
            .Check(record.Addresses.Count > 20, $"{path}.addresses", "at most 20 addresses");
        if (record.IdNumber.Length is > 0 and <= 64)
        {
            var id = CitizenIdNumber.Parse(record.IdNumber, today);
            checks.Check(id.Status is IdNumberStatus.InvalidChecksum or IdNumberStatus.InvalidCharacters or IdNumberStatus.InvalidLength
                    or IdNumberStatus.InvalidDate, $"{path}.id_number", $"not a valid citizen ID number ({id.Status})");
        }
        if (record.BirthDate.Length is > 0 and <= 64)
        {
            var date = DateText.Parse(record.BirthDate);
            checks.Check(date.Status is DateStatus.Invalid or DateStatus.Unrecognized, $"{path}.birth_date",
                $"'{record.BirthDate}' is not a date ({date.Status})");
        }
        for (var i = 0; i < record.Addresses.Count; i++)
            checks.MaxLength($"{path}.addresses[{i}].address.raw_text", record.Addresses[i].Address?.RawText ?? "", 512);
        for (var i = 0; i < record.Contacts.Count; i++)
            checks.MaxLength($"{path}.contacts[{i}].value", record.Contacts[i].Value, 64);
    }
}
