using Hub.Dictionaries;
using Hub.SampleData;

namespace Hub.IdentityBench;

/// <summary>
/// The mappings an admin would put for the sample departments' code tables: sex codes and
/// ethnicity (codes or names) onto the canonical dictionaries.
/// </summary>
public static class AdminMappings
{
    public static MappingSnapshot For(IEnumerable<DepartmentRecord> records)
    {
        DictionaryCatalog.Default.TryGet(DictionaryCatalog.Ethnicity, out var ethnicity);
        var rows = new List<CodeMappingRow>();
        foreach (var (department, sex, eth) in records.Select(r => (r.Department, r.Raw.Sex, r.Raw.Ethnicity)).Distinct())
        {
            var canonicalSex = sex switch { "1" or "男" or "男性" or "M" => "1", "2" or "女" or "女性" or "F" => "2", _ => null };
            if (canonicalSex is not null)
                rows.Add(new CodeMappingRow(department, DictionaryCatalog.Sex, sex, canonicalSex, "", "", "bench", default));
            var canonicalEth = ethnicity.TryGet(eth, out _) ? eth : ethnicity.Codes.FirstOrDefault(c => c.Label == eth)?.Code;
            if (eth.Length > 0 && canonicalEth is not null)
                rows.Add(new CodeMappingRow(department, DictionaryCatalog.Ethnicity, eth, canonicalEth, "", "", "bench", default));
        }
        return new MappingSnapshot(rows.DistinctBy(r => r.Key));
    }
}
