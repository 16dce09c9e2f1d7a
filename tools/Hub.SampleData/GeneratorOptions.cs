namespace Hub.SampleData;

/// <summary>
/// What to generate: how many residents, the seed, the day ages are measured on, and each
/// department's coverage and error rates. A rate is the share of that department's records
/// (or of the records it could apply to, where noted) that carry the error.
/// </summary>
public sealed record GeneratorOptions
{
    /// <summary>Number of residents (people), at least 1.</summary>
    public int Residents { get; init; } = 10_000;

    /// <summary>The seed: the same seed and options give byte-for-byte the same data.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The day the records describe; ages and coverage by age are measured on it.</summary>
    public DateOnly ReferenceDate { get; init; } = new(2025, 6, 30);

    // --- the population ---

    /// <summary>Share of people whose surname has very common full names (王伟, 李娜 ...) and who get one.</summary>
    public double VeryCommonNameRate { get; init; } = 0.10;

    /// <summary>Share of households with two or more children born as twins.</summary>
    public double TwinRate { get; init; } = 0.04;

    /// <summary>Share of households of the She (畲族) minority, mostly rural.</summary>
    public double SheHouseholdRate { get; init; } = 0.012;

    /// <summary>Share of households of Uyghur migrants, whose names carry a middle dot.</summary>
    public double UyghurHouseholdRate { get; init; } = 0.003;

    // --- household registry: authoritative and clean ---

    /// <summary>Share of people in the household registry.</summary>
    public double HouseholdCoverage { get; init; } = 0.98;

    // --- civil affairs: subsidy families ---

    /// <summary>Share of households that are subsidy families (all members recorded).</summary>
    public double CivilAffairsHouseholdShare { get; init; } = 0.08;

    /// <summary>Share of records of people born before 1980 kept with the 15-digit legacy number.</summary>
    public double CivilAffairsLegacyIdRate { get; init; } = 0.30;

    /// <summary>Share of records with traditional characters in the name.</summary>
    public double CivilAffairsTraditionalNameRate { get; init; } = 0.05;

    /// <summary>Share of middle-dot names written with another dot (• ‧ .) or none.</summary>
    public double CivilAffairsMiddleDotVariantRate { get; init; } = 0.60;

    // --- social security: an AC01 person table ---

    /// <summary>Share of adults aged 18–75 insured.</summary>
    public double SocialSecurityAdultShare { get; init; } = 0.60;

    /// <summary>Share of records whose id number ends in X written with a lower-case x.</summary>
    public double SocialSecurityLowerXRate { get; init; } = 0.50;

    /// <summary>Share of records with full-width digits in the id number.</summary>
    public double SocialSecurityFullWidthIdRate { get; init; } = 0.03;

    /// <summary>Share of records with one mistyped digit (the check fails).</summary>
    public double SocialSecurityIdTypoRate { get; init; } = 0.02;

    /// <summary>Share of records without an id number.</summary>
    public double SocialSecurityMissingIdRate { get; init; } = 0.01;

    /// <summary>Share of records with one given-name character replaced by a homophone.</summary>
    public double SocialSecurityHomophoneRate { get; init; } = 0.03;

    /// <summary>Share of records with the birth date as a spreadsheet serial number.</summary>
    public double SocialSecurityExcelDateRate { get; init; } = 0.05;

    /// <summary>Share of records with day and month swapped (applied where the swap gives a valid, different date).</summary>
    public double SocialSecuritySwappedDateRate { get; init; } = 0.01;

    // --- grid management ---

    /// <summary>Share of households a grid worker knows.</summary>
    public double GridHouseholdShare { get; init; } = 0.50;

    /// <summary>Share of the members of a known household the grid worker recorded.</summary>
    public double GridMemberShare { get; init; } = 0.80;

    /// <summary>Share of grid records with an id number.</summary>
    public double GridIdRate { get; init; } = 0.40;

    /// <summary>Share of grid records with spaces in the name.</summary>
    public double GridNameSpacesRate { get; init; } = 0.05;

    /// <summary>Share of grid records with full-width characters (ideographic space, full-width dot) in the name.</summary>
    public double GridNameFullWidthRate { get; init; } = 0.03;

    /// <summary>Share of grid records with only year and month of birth.</summary>
    public double GridYearMonthOnlyRate { get; init; } = 0.40;

    /// <summary>Share of grid records at the household's previous address (it moved since).</summary>
    public double GridOldAddressRate { get; init; } = 0.10;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (Residents < 1)
            throw new ArgumentOutOfRangeException(nameof(Residents), Residents, "at least 1 resident");
        foreach (var (name, value) in Rates())
            if (value is < 0 or > 1 || double.IsNaN(value))
                throw new ArgumentOutOfRangeException(name, value, "a rate lies between 0 and 1");
    }

    private IEnumerable<(string, double)> Rates() =>
    [
        (nameof(VeryCommonNameRate), VeryCommonNameRate), (nameof(TwinRate), TwinRate),
        (nameof(SheHouseholdRate), SheHouseholdRate), (nameof(UyghurHouseholdRate), UyghurHouseholdRate),
        (nameof(HouseholdCoverage), HouseholdCoverage), (nameof(CivilAffairsHouseholdShare), CivilAffairsHouseholdShare),
        (nameof(CivilAffairsLegacyIdRate), CivilAffairsLegacyIdRate), (nameof(CivilAffairsTraditionalNameRate), CivilAffairsTraditionalNameRate),
        (nameof(CivilAffairsMiddleDotVariantRate), CivilAffairsMiddleDotVariantRate), (nameof(SocialSecurityAdultShare), SocialSecurityAdultShare),
        (nameof(SocialSecurityLowerXRate), SocialSecurityLowerXRate), (nameof(SocialSecurityFullWidthIdRate), SocialSecurityFullWidthIdRate),
        (nameof(SocialSecurityIdTypoRate), SocialSecurityIdTypoRate), (nameof(SocialSecurityMissingIdRate), SocialSecurityMissingIdRate),
        (nameof(SocialSecurityHomophoneRate), SocialSecurityHomophoneRate), (nameof(SocialSecurityExcelDateRate), SocialSecurityExcelDateRate),
        (nameof(SocialSecuritySwappedDateRate), SocialSecuritySwappedDateRate), (nameof(GridHouseholdShare), GridHouseholdShare),
        (nameof(GridMemberShare), GridMemberShare), (nameof(GridIdRate), GridIdRate), (nameof(GridNameSpacesRate), GridNameSpacesRate),
        (nameof(GridNameFullWidthRate), GridNameFullWidthRate), (nameof(GridYearMonthOnlyRate), GridYearMonthOnlyRate),
        (nameof(GridOldAddressRate), GridOldAddressRate),
    ];
}
