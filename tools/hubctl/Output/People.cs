using System.Globalization;
using Hub.Contracts.V1;

namespace Hub.Ctl.Output;

/// <summary>Identity values as one line of text each, for the review tables.</summary>
public static class People
{
    /// <summary>A department record as <c>department:local-id</c>, e.g. <c>civil-affairs:MZ9</c>.</summary>
    public static string Ref(SourceRef? source) => source is null ? "" : $"{source.Department}:{source.LocalId}";

    /// <summary>A score or weight in bits, two decimals, e.g. <c>-12.50</c>.</summary>
    public static string Bits(double bits) => bits.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A coded value as <c>code label</c>, e.g. <c>1 男</c>; the department's code when it is not mapped.</summary>
    public static string Coded(CodedValue? value)
    {
        if (value is null)
            return "";
        if (value.Code.Length > 0)
            return value.Label.Length > 0 ? $"{value.Code} {value.Label}" : value.Code;
        return value.SourceCode.Length > 0 ? $"{value.SourceCode} (department code)" : "";
    }

    /// <summary>A calendar date as <c>YYYY-MM-DD</c>, <c>YYYY-MM</c> or <c>YYYY</c> as far as it is known.</summary>
    public static string Date(Date? date) => date is null || date.Year == 0
        ? ""
        : date.Month == 0 ? $"{date.Year:D4}"
        : date.Day == 0 ? $"{date.Year:D4}-{date.Month:D2}"
        : $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2}";

    /// <summary>Contacts, one per line (phones as the hub sends them, masked unless granted).</summary>
    public static string Contacts(IEnumerable<Contact> contacts) => string.Join('\n', contacts.Select(c => c.Value));

    /// <summary>Addresses, one per line: the text as recorded, else the parsed components.</summary>
    public static string Addresses(IEnumerable<ResidentAddress> addresses) =>
        string.Join('\n', addresses.Select(a => a.Address is null ? "" : AddressText(a.Address)).Where(t => t.Length > 0));

    private static string AddressText(Address a) => a.RawText.Length > 0
        ? a.RawText
        : string.Concat(a.Province, a.City, a.County, a.Township, a.Community, a.Road, a.RoadNumber, a.Estate, a.Building, a.Unit, a.Floor, a.Room);

    /// <summary>The compared fields of a person record, keyed like <see cref="FieldComparison.Field"/>.</summary>
    public static IReadOnlyDictionary<string, string> Fields(PersonRecord record) => new Dictionary<string, string>
    {
        ["name"] = record.Name,
        ["id_number"] = record.IdNumber,
        ["birth_date"] = record.BirthDate,
        ["sex"] = Coded(record.Sex),
        ["phone"] = Contacts(record.Contacts),
        ["address"] = Addresses(record.Addresses),
    };

    /// <summary>The compared fields of a resident's core identity, keyed like <see cref="FieldComparison.Field"/>.</summary>
    public static IReadOnlyDictionary<string, string> Fields(Resident resident) => new Dictionary<string, string>
    {
        ["name"] = resident.Name,
        ["id_number"] = resident.IdNumber,
        ["birth_date"] = Date(resident.BirthDate),
        ["sex"] = Coded(resident.Sex),
        ["phone"] = Contacts(resident.Contacts),
        ["address"] = Addresses(resident.Addresses),
    };
}
