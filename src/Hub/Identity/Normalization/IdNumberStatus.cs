namespace Hub.Identity.Normalization;

/// <summary>What <see cref="CitizenIdNumber.Parse(string?, DateOnly)"/> made of a citizen ID number.</summary>
public enum IdNumberStatus
{
    /// <summary>No number: empty, a placeholder (无, 不详, /, -), all one digit, or shorter than 15 characters.</summary>
    Missing = 0,

    /// <summary>A well-formed 18-character number (possibly upgraded from 15) with a correct check character and birth date.</summary>
    Valid = 1,

    /// <summary>18 characters whose ISO 7064 MOD 11-2 check character is wrong; see <see cref="IdNumberResult.Cleaned"/>.</summary>
    InvalidChecksum = 2,

    /// <summary>The embedded birth date is not a real date, is before 1890 or is after today.</summary>
    InvalidDate = 3,

    /// <summary>Digits only, but neither 15 nor 18 of them.</summary>
    InvalidLength = 4,

    /// <summary>Characters other than digits, a final X, spaces and dashes.</summary>
    InvalidCharacters = 5,
}
