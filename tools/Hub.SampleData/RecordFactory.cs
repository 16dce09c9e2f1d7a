using Hub.Contracts.V1;
using Hub.Dictionaries;

namespace Hub.SampleData;

/// <summary>Builds the hub contract an adapter would push from the values a department wrote.</summary>
internal static class RecordFactory
{
    /// <summary>
    /// A <see cref="PersonRecord"/> with the raw values: the id number, name and birth date as
    /// written, sex and ethnicity as coded values carrying the department's code and label (the
    /// hub maps them), the phone as a mobile contact and the address as raw text.
    /// </summary>
    public static PersonRecord Build(DepartmentRecord source)
    {
        var raw = source.Raw;
        var record = new PersonRecord
        {
            SourceRef = new SourceRef { Department = source.Department, LocalId = source.LocalId },
            Name = raw.Name,
            IdNumber = raw.IdNumber,
            BirthDate = raw.BirthDate,
        };
        if (raw.Sex.Length > 0)
            record.Sex = new CodedValue { Dictionary = DictionaryCatalog.Sex, SourceCode = raw.Sex, SourceLabel = SexLabel(raw.Sex) };
        if (raw.Ethnicity.Length > 0)
            record.Ethnicity = new CodedValue
            {
                Dictionary = DictionaryCatalog.Ethnicity,
                SourceCode = raw.Ethnicity,
                // The registry's code table has names; social security keeps bare codes; civil affairs writes names as codes.
                SourceLabel = source.Department switch
                {
                    Departments.Household => EthnicityName(raw.Ethnicity),
                    Departments.SocialSecurity => "",
                    _ => raw.Ethnicity,
                },
            };
        if (raw.Phone.Length > 0)
            record.Contacts.Add(new Contact { Kind = ContactKind.MobilePhone, Value = raw.Phone });
        if (raw.Address.Length > 0)
            record.Addresses.Add(new ResidentAddress
            {
                Kind = source.Department == Departments.Household ? ResidentAddressKind.HouseholdRegistration : ResidentAddressKind.Residence,
                Address = new Address { RawText = raw.Address },
            });
        return record;
    }

    // Numeric codes carry the department's label; text codes are their own label.
    private static string SexLabel(string code) => code switch { "1" => "男", "2" => "女", _ => code };

    /// <summary>The GB/T 3304 name of an ethnicity code (01 → 汉族).</summary>
    public static string EthnicityName(string code) =>
        DictionaryCatalog.Default.TryGet(DictionaryCatalog.Ethnicity, out var d) && d.TryGet(code, out var entry) ? entry.Label : code;
}
