using Hub.ReferenceData;

namespace Hub.Dictionaries;

/// <summary>
/// The canonical dictionaries, built once from the reference tables embedded in the hub
/// (see ReferenceData/README.md). Immutable and safe to share.
/// </summary>
public sealed class DictionaryCatalog
{
    /// <summary>Dictionary ids, as used in <c>CodedValue.dictionary</c>.</summary>
    public const string Sex = "sex", MaritalStatus = "marital-status", Ethnicity = "ethnicity",
        FamilyRelationship = "family-relationship", Education = "education", Division = "division",
        CaseCategory = "case-category", CaseStatus = "case-status";

    private static readonly Lazy<DictionaryCatalog> Shared = new(Load);
    private readonly Dictionary<string, CanonicalDictionary> _byId;

    /// <summary>Creates a catalog over the given dictionaries (tests may build small ones).</summary>
    public DictionaryCatalog(IEnumerable<CanonicalDictionary> dictionaries)
    {
        All = dictionaries.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        _byId = All.ToDictionary(d => d.Id, StringComparer.Ordinal);
    }

    /// <summary>The catalog of shipped dictionaries, loaded on first use.</summary>
    public static DictionaryCatalog Default => Shared.Value;

    /// <summary>All dictionaries, ordered by id.</summary>
    public IReadOnlyList<CanonicalDictionary> All { get; }

    /// <summary>Finds a dictionary by id.</summary>
    public bool TryGet(string id, out CanonicalDictionary dictionary) => _byId.TryGetValue(id, out dictionary!);

    private static DictionaryCatalog Load()
    {
        var personCodes = Rows("gb_t_2261_sex_and_marital_status.csv").ToList();
        return new DictionaryCatalog(
        [
            new(Sex, "人的性别代码", "GB/T 2261.1-2003", "2003",
                personCodes.Where(r => r[0] == "GB/T 2261.1-2003").Select(r => new DictionaryCode(r[1], r[2]))),
            new(MaritalStatus, "婚姻状况代码", "GB/T 2261.2-2003", "2003",
                personCodes.Where(r => r[0] == "GB/T 2261.2-2003").Select(r => new DictionaryCode(r[1], r[2], GroupOf(r[1], r[1].EndsWith('0'))))),
            new(Ethnicity, "中国各民族名称的罗马字母拼写法和代码", "GB/T 3304-1991", "1991",
                Rows("gb_t_3304_ethnic_groups.csv").Select(r => new DictionaryCode(r[0], r[2]))),
            new(FamilyRelationship, "家庭关系代码", "GB/T 4761-2008", "2008",
                Rows("gb_t_4761_family_relationship.csv").Select(r => new DictionaryCode(r[0], r[1], GroupOf(r[0], r[2] == "true")))),
            new(Education, "学历代码", "GB/T 4658-2006", "2006",
                Rows("gb_t_4658_education.csv").Select(r => new DictionaryCode(r[0], r[1], GroupOf(r[0], r[2] == "true")))),
            new(Division, "中华人民共和国行政区划代码（浙江，至村级）", "GB/T 2260 + NBS 统计用区划代码", "2023",
                DivisionCodes()),
            new(CaseCategory, "事件类别（枢纽）", "", "2026.1",
                Rows("hub_case_categories.csv").Select(r => new DictionaryCode(r[0], r[2], r[1]))),
            new(CaseStatus, "事件状态（枢纽）", "", "2026.1",
                Rows("hub_case_statuses.csv").Select(r => new DictionaryCode(r[0], r[1]))),
        ]);
    }

    // Two-digit group codes: "21" belongs to the group "20"; a group row has no parent.
    private static string GroupOf(string code, bool isGroup) =>
        isGroup || code.Length != 2 ? "" : code[..1] + "0";

    private static IEnumerable<DictionaryCode> DivisionCodes()
    {
        foreach (var r in Rows("zhejiang_divisions_county_and_above.csv"))
            yield return new DictionaryCode(r[0], r[2], r[4]);
        foreach (var r in Rows("zhejiang_townships.csv"))
            yield return new DictionaryCode(r[0], r[1], r[2]);
        foreach (var r in Rows("zhejiang_villages.csv"))
            yield return new DictionaryCode(r[0], r[1], r[2]);
    }

    // The shipped tables are plain CSV without quoted fields; the header is skipped.
    private static IEnumerable<string[]> Rows(string file) =>
        ReferenceFiles.ReadLines(file).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));
}
