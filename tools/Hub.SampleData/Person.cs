namespace Hub.SampleData;

/// <summary>Sex as GB/T 2261.1 codes it.</summary>
public enum PersonSex
{
    /// <summary>Code 1.</summary>
    Male = 1,
    /// <summary>Code 2.</summary>
    Female = 2,
}

/// <summary>A generated resident: the truth every department record describes, more or less faithfully.</summary>
/// <param name="Id">The truth person id, 1-based and dense (People[Id - 1] is this person).</param>
/// <param name="HouseholdId">The truth household id (Households[HouseholdId - 1]).</param>
/// <param name="Name">Full name in simplified characters (minority names with U+00B7).</param>
/// <param name="Sex">Sex.</param>
/// <param name="BirthDate">Birth date.</param>
/// <param name="Ethnicity">GB/T 3304 code: "01" 汉族, "22" 畲族, "05" 维吾尔族.</param>
/// <param name="IdNumber">The valid 18-character citizen id number.</param>
/// <param name="Phone">Mobile number, or null.</param>
/// <param name="Relationship">GB/T 4761 relationship to the head of household ("02" for the head).</param>
/// <param name="TwinId">The twin's person id, or 0.</param>
public sealed record Person(
    int Id, int HouseholdId, string Name, PersonSex Sex, DateOnly BirthDate, string Ethnicity,
    string IdNumber, string? Phone, string Relationship, int TwinId)
{
    /// <summary>Age in whole years on <paramref name="day"/>.</summary>
    public int AgeOn(DateOnly day)
    {
        var age = day.Year - BirthDate.Year;
        return day < BirthDate.AddYears(age) ? age - 1 : age;
    }
}

/// <summary>A household: members at one registered address.</summary>
/// <param name="Id">The truth household id, 1-based and dense.</param>
/// <param name="Number">The registry's household number (户号).</param>
/// <param name="Address">Where the household is registered and lives.</param>
/// <param name="MemberIds">Person ids, the head first.</param>
public sealed record Household(int Id, string Number, SampleAddress Address, IReadOnlyList<int> MemberIds);
