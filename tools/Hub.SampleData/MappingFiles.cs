using Hub.Dictionaries;

namespace Hub.SampleData;

/// <summary>
/// The code mappings an admin would import for the sample departments' code tables: each department's
/// sex codes (1/2, 男/女, 男性/女性) and ethnicity codes or names onto the canonical dictionaries.
/// </summary>
public static class MappingFiles
{
    /// <summary>Writes <c>{department}.{dictionary}.csv</c> files into <paramref name="folder"/>; returns their names.</summary>
    public static IReadOnlyList<string> Write(string folder, Population population)
    {
        Directory.CreateDirectory(folder);
        DictionaryCatalog.Default.TryGet(DictionaryCatalog.Ethnicity, out var ethnicity);
        var rows = new SortedDictionary<(string Department, string Dictionary), SortedDictionary<string, string>>();
        void Add(string department, string dictionary, string local, string canonical)
        {
            if (!rows.TryGetValue((department, dictionary), out var map))
                rows[(department, dictionary)] = map = new SortedDictionary<string, string>(StringComparer.Ordinal);
            map[local] = canonical;
        }
        foreach (var (department, sex, eth) in population.Records.Select(r => (r.Department, r.Raw.Sex, r.Raw.Ethnicity)).Distinct())
        {
            var canonicalSex = sex switch { "1" or "男" or "男性" => "1", "2" or "女" or "女性" => "2", _ => null };
            if (canonicalSex is not null)
                Add(department, DictionaryCatalog.Sex, sex, canonicalSex);
            var canonicalEth = ethnicity.TryGet(eth, out _) ? eth : ethnicity.Codes.FirstOrDefault(c => c.Label == eth)?.Code;
            if (eth.Length > 0 && canonicalEth is not null)
                Add(department, DictionaryCatalog.Ethnicity, eth, canonicalEth);
        }
        var names = new List<string>();
        foreach (var ((department, dictionary), map) in rows)
        {
            var name = $"{department}.{dictionary}.csv";
            using var writer = new StreamWriter(Path.Combine(folder, name), false, new System.Text.UTF8Encoding(false));
            writer.Write("local_code,canonical_code,local_label,note\n");
            foreach (var (local, canonical) in map)
                writer.Write($"{local},{canonical},,sample mapping\n");
            names.Add(name);
        }
        return names;
    }
}
