using Hub.Contracts.V1;

namespace Hub.SampleData;

/// <summary>The four sample departments' codes, as used in <c>SourceRef.department</c>.</summary>
public static class Departments
{
    /// <summary>The household registry (户籍), authoritative and clean.</summary>
    public const string Household = "household";
    /// <summary>Civil affairs (民政): subsidy families.</summary>
    public const string CivilAffairs = "civil-affairs";
    /// <summary>Human resources and social security (人社): an AC01 person table.</summary>
    public const string SocialSecurity = "social-security";
    /// <summary>Grid management (网格): residents known to grid workers.</summary>
    public const string Grid = "grid";

    /// <summary>All four, in the order records are generated.</summary>
    public static IReadOnlyList<string> All { get; } = [Household, CivilAffairs, SocialSecurity, Grid];
}

/// <summary>The errors and variants injected into one record (several may be set).</summary>
[Flags]
public enum InjectedErrors
{
    /// <summary>Clean.</summary>
    None = 0,
    /// <summary>15-digit legacy id number.</summary>
    IdLegacy15 = 1 << 0,
    /// <summary>Lower-case x as the check character.</summary>
    IdLowerX = 1 << 1,
    /// <summary>Full-width digits in the id number.</summary>
    IdFullWidth = 1 << 2,
    /// <summary>One digit mistyped; the check fails.</summary>
    IdTypo = 1 << 3,
    /// <summary>No id number.</summary>
    IdMissing = 1 << 4,
    /// <summary>Traditional characters in the name.</summary>
    NameTraditional = 1 << 5,
    /// <summary>A given-name character replaced by a homophone.</summary>
    NameHomophone = 1 << 6,
    /// <summary>Spaces in the name.</summary>
    NameSpaces = 1 << 7,
    /// <summary>Full-width characters in the name.</summary>
    NameFullWidth = 1 << 8,
    /// <summary>Middle dot of a minority name written otherwise or left out.</summary>
    NameMiddleDot = 1 << 9,
    /// <summary>Birth date as a spreadsheet serial number.</summary>
    DateExcelSerial = 1 << 10,
    /// <summary>Day and month of birth swapped.</summary>
    DateSwapped = 1 << 11,
    /// <summary>Only year and month of birth.</summary>
    DateYearMonthOnly = 1 << 12,
    /// <summary>Recorded at the household's previous address.</summary>
    OldAddress = 1 << 13,
    /// <summary>The phone is a relative's (the person has none of their own).</summary>
    PhoneOfRelative = 1 << 14,
}

/// <summary>
/// The values exactly as the department writes them; empty when the department has no value.
/// These are what issue 6's legacy databases are filled with.
/// </summary>
public sealed record RawPersonFields(
    string IdNumber, string Name, string Sex, string BirthDate, string Ethnicity,
    string Phone, string Address, string HouseholdId, string Relationship);

/// <summary>One record a department holds about a person, with the truth it describes.</summary>
/// <param name="Department">One of <see cref="Departments"/>.</param>
/// <param name="LocalId">The department's own key (HJ…, MZ…, AC01:…, WG…).</param>
/// <param name="PersonId">The truth person id.</param>
/// <param name="Raw">The values as written.</param>
/// <param name="Errors">What was injected.</param>
public sealed record DepartmentRecord(string Department, string LocalId, int PersonId, RawPersonFields Raw, InjectedErrors Errors)
{
    /// <summary>
    /// The hub contract an adapter would push for this record, built from <see cref="Raw"/>: a new
    /// message on every call (built on demand so a million records do not hold a million messages).
    /// </summary>
    public PersonRecord ToPersonRecord() => RecordFactory.Build(this);
}

/// <summary>A generated population with every department's records.</summary>
public sealed class Population(
    GeneratorOptions options, IReadOnlyList<Person> people, IReadOnlyList<Household> households,
    IReadOnlyList<DepartmentRecord> records)
{
    /// <summary>The options it was generated with.</summary>
    public GeneratorOptions Options { get; } = options;

    /// <summary>People; <c>People[id - 1].Id == id</c>.</summary>
    public IReadOnlyList<Person> People { get; } = people;

    /// <summary>Households; <c>Households[id - 1].Id == id</c>.</summary>
    public IReadOnlyList<Household> Households { get; } = households;

    /// <summary>All department records: household, civil-affairs, social-security, grid, each in the department's own order.</summary>
    public IReadOnlyList<DepartmentRecord> Records { get; } = records;

    /// <summary>The person a record describes.</summary>
    public Person PersonOf(DepartmentRecord record) => People[record.PersonId - 1];

    /// <summary>The records of one department.</summary>
    public IEnumerable<DepartmentRecord> RecordsOf(string department) => Records.Where(r => r.Department == department);

    /// <summary>Record count per department, in <see cref="Departments.All"/> order.</summary>
    public IReadOnlyList<(string Department, int Records)> CountByDepartment() =>
        Departments.All.Select(d => (d, Records.Count(r => r.Department == d))).ToList();

    /// <summary>Record count per department and injected error kind (kinds with no record left out).</summary>
    public IReadOnlyList<(string Department, InjectedErrors Error, int Records)> CountByError()
    {
        var kinds = Enum.GetValues<InjectedErrors>().Where(e => e != InjectedErrors.None).ToArray();
        var counts = new Dictionary<(string, InjectedErrors), int>();
        foreach (var r in Records)
            foreach (var k in kinds)
                if ((r.Errors & k) != 0)
                    counts[(r.Department, k)] = counts.GetValueOrDefault((r.Department, k)) + 1;
        return Departments.All.SelectMany(d => kinds.Where(k => counts.ContainsKey((d, k))).Select(k => (d, k, counts[(d, k)]))).ToList();
    }
}
