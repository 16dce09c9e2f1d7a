using Hub.Identity.Normalization;

namespace Hub.Tests.Identity.Normalization;

// Expected check characters were computed outside the code under test (a separate Python MOD 11-2).
public sealed class CitizenIdNumberTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    [Fact]
    public void Parse_StandardExample_IsValid()
    {
        var result = CitizenIdNumber.Parse("11010519491231002X", Today);

        Assert.Equal(IdNumberStatus.Valid, result.Status);
        Assert.True(result.IsValid);
        Assert.Equal("11010519491231002X", result.Value);
        Assert.Equal("11010519491231002X", result.Cleaned);
        Assert.Equal(new DateOnly(1949, 12, 31), result.BirthDate);
        Assert.Equal(Sex.Female, result.Sex);
        Assert.Equal("110105", result.AreaCode);
        Assert.False(result.UpgradedFrom15);
    }

    [Theory]
    [InlineData("330802198503121234", 1985, 3, 12, Sex.Male)]
    [InlineData("330802198503120012", 1985, 3, 12, Sex.Male)]
    [InlineData("440304199512311238", 1995, 12, 31, Sex.Male)]
    [InlineData("330802200002290048", 2000, 2, 29, Sex.Female)]
    [InlineData("330802202401010022", 2024, 1, 1, Sex.Female)]
    public void Parse_ValidNumbers_DecodeBirthDateAndSex(string raw, int year, int month, int day, Sex sex)
    {
        var result = CitizenIdNumber.Parse(raw, Today);

        Assert.Equal(IdNumberStatus.Valid, result.Status);
        Assert.Equal(new DateOnly(year, month, day), result.BirthDate);
        Assert.Equal(sex, result.Sex);
    }

    [Theory]
    [InlineData("11010519491231002x")]
    [InlineData("110105 19491231 002X")]
    [InlineData("110105-19491231-002X")]
    [InlineData(" 110105194912310 02X ")]
    [InlineData("１１０１０５１９４９１２３１００２Ｘ")]
    [InlineData("１１０１０５１９４９１２３１００２ｘ")]
    [InlineData("110105\u300019491231\u00A0002X")]
    [InlineData("110105—19491231－002X")]
    public void Parse_FormattingNoise_NormalisesToSameValue(string raw)
    {
        var result = CitizenIdNumber.Parse(raw, Today);

        Assert.Equal(IdNumberStatus.Valid, result.Status);
        Assert.Equal("11010519491231002X", result.Value);
    }

    [Theory]
    [InlineData("110105491231002", "11010519491231002X", Sex.Female)]
    [InlineData("330802850312123", "330802198503121234", Sex.Male)]
    [InlineData("330802850312124", "330802198503121242", Sex.Female)]
    [InlineData("３３０８０２ ８５０３１２ １２３", "330802198503121234", Sex.Male)]
    public void Parse_FifteenDigits_UpgradesWithComputedCheckCharacter(string raw, string expected, Sex sex)
    {
        var result = CitizenIdNumber.Parse(raw, Today);

        Assert.Equal(IdNumberStatus.Valid, result.Status);
        Assert.Equal(expected, result.Value);
        Assert.True(result.UpgradedFrom15);
        Assert.Equal(sex, result.Sex);
    }

    [Fact]
    public void Parse_FifteenDigitsWithImpossibleDate_IsInvalidDate()
    {
        // 1900-02-29 does not exist: 1900 is not a leap year.
        var result = CitizenIdNumber.Parse("330802000229004", Today);

        Assert.Equal(IdNumberStatus.InvalidDate, result.Status);
        Assert.Null(result.Value);
        Assert.Equal("330802190002290041", result.Cleaned);
        Assert.True(result.UpgradedFrom15);
    }

    [Theory]
    [InlineData("110105194912310021")]
    [InlineData("330802198503121235")]
    [InlineData("330802198503121243")]
    [InlineData("330802198503211234")] // digits transposed in the date
    public void Parse_WrongCheckCharacter_IsInvalidChecksumButKeepsCleaned(string raw)
    {
        var result = CitizenIdNumber.Parse(raw, Today);

        Assert.Equal(IdNumberStatus.InvalidChecksum, result.Status);
        Assert.Null(result.Value);
        Assert.Equal(raw, result.Cleaned);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Parse_WrongCheckCharacter_StillDecodesBirthDateAndSex()
    {
        var result = CitizenIdNumber.Parse("330802198503121235", Today);

        Assert.Equal(new DateOnly(1985, 3, 12), result.BirthDate);
        Assert.Equal(Sex.Male, result.Sex);
        Assert.Equal("330802", result.AreaCode);
    }

    [Theory]
    [InlineData("330802200002290048", IdNumberStatus.Valid)]         // 2000 is a leap year
    [InlineData("330802190002290041", IdNumberStatus.InvalidDate)]   // 1900 is not
    [InlineData("33080219850229001X", IdNumberStatus.InvalidDate)]   // nor is 1985
    public void Parse_February29_DependsOnLeapYear(string raw, IdNumberStatus expected)
    {
        Assert.Equal(expected, CitizenIdNumber.Parse(raw, Today).Status);
    }

    [Theory]
    [InlineData("330802198513011239")] // month 13
    [InlineData("330802198504311230")] // 31 April
    [InlineData("330802188001011237")] // before 1890
    [InlineData("330802203001011230")] // in the future
    public void Parse_ImpossibleBirthDate_IsInvalidDate(string raw)
    {
        var fixedRaw = raw[..17] + CheckOf(raw[..17]);

        var result = CitizenIdNumber.Parse(fixedRaw, Today);

        Assert.Equal(IdNumberStatus.InvalidDate, result.Status);
        Assert.Null(result.Value);
        Assert.Null(result.BirthDate);
        Assert.Equal(fixedRaw, result.Cleaned);
    }

    [Fact]
    public void Parse_BirthDateIsToday_IsValid()
    {
        var raw = "33080220250601002";
        Assert.Equal(IdNumberStatus.Valid, CitizenIdNumber.Parse(raw + CheckOf(raw), Today).Status);
        Assert.Equal(IdNumberStatus.InvalidDate, CitizenIdNumber.Parse(raw + CheckOf(raw), Today.AddDays(-1)).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("无")]
    [InlineData("不详")]
    [InlineData("/")]
    [InlineData("-")]
    [InlineData("NULL")]
    [InlineData("000000000000000000")]
    [InlineData("000000000000000")]
    [InlineData("111111111111111111")]
    [InlineData("0")]
    [InlineData("12345")]
    [InlineData("33080219850312")]
    [InlineData("---")]
    public void Parse_Placeholder_IsMissing(string? raw)
    {
        var result = CitizenIdNumber.Parse(raw, Today);

        Assert.Equal(IdNumberStatus.Missing, result.Status);
        Assert.Null(result.Value);
        Assert.Null(result.Cleaned);
    }

    [Theory]
    [InlineData("3308021985031212345")]
    [InlineData("33080219850312123")]
    [InlineData("3308021985031212")]
    public void Parse_WrongLength_IsInvalidLength(string raw)
    {
        var result = CitizenIdNumber.Parse(raw, Today);

        Assert.Equal(IdNumberStatus.InvalidLength, result.Status);
        Assert.Equal(raw, result.Cleaned);
        Assert.Null(result.Value);
    }

    [Theory]
    [InlineData("3308021985O3121234")]
    [InlineData("33080219850312123A")]
    [InlineData("11010519491231002Y")]
    [InlineData("X30802198503121234")]
    [InlineData("33080285031212X")]
    [InlineData("身份证330802198503121234")]
    public void Parse_ForeignCharacters_IsInvalidCharacters(string raw)
    {
        var result = CitizenIdNumber.Parse(raw, Today);

        Assert.Equal(IdNumberStatus.InvalidCharacters, result.Status);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Parse_HugeInput_IsInvalidLengthWithoutThrowing()
    {
        Assert.Equal(IdNumberStatus.InvalidLength, CitizenIdNumber.Parse(new string('1', 70_000) + "2", Today).Status);
    }

    [Fact]
    public void Default_IsMissing()
    {
        Assert.Equal(IdNumberStatus.Missing, default(IdNumberResult).Status);
    }

    [Theory]
    [InlineData(1985, 3, 12, Sex.Male, Agreement.Agrees, Agreement.Agrees)]
    [InlineData(1985, 12, 3, Sex.Male, Agreement.Disagrees, Agreement.Agrees)]
    [InlineData(1985, 3, 12, Sex.Female, Agreement.Agrees, Agreement.Disagrees)]
    [InlineData(1985, 3, 12, Sex.Unknown, Agreement.Agrees, Agreement.Unknown)]
    public void CrossCheck_RecordFields_ReportsAgreement(int year, int month, int day, Sex sex, Agreement date, Agreement sexAgreement)
    {
        var id = CitizenIdNumber.Parse("330802198503121234", Today);

        var check = id.CrossCheck(new DateOnly(year, month, day), sex);

        Assert.Equal(date, check.BirthDate);
        Assert.Equal(sexAgreement, check.Sex);
        Assert.Equal(date == Agreement.Disagrees || sexAgreement == Agreement.Disagrees, check.AnyDisagrees);
    }

    [Fact]
    public void CrossCheck_NoRecordDateOrMissingId_IsUnknown()
    {
        var id = CitizenIdNumber.Parse("330802198503121234", Today);
        var missing = CitizenIdNumber.Parse("无", Today);

        Assert.Equal(new IdCrossCheck(Agreement.Unknown, Agreement.Agrees), id.CrossCheck((DateOnly?)null, Sex.Male));
        Assert.Equal(new IdCrossCheck(Agreement.Unknown, Agreement.Unknown), missing.CrossCheck(new DateOnly(1985, 3, 12), Sex.Male));
        Assert.True(id.CrossCheck(new DateOnly(1985, 3, 12), Sex.Male).AllAgree);
    }

    [Theory]
    [InlineData("1985年3月12日", Agreement.Agrees)]
    [InlineData("1985年3月", Agreement.Agrees)]
    [InlineData("1985", Agreement.Agrees)]
    [InlineData("1986年3月", Agreement.Disagrees)]
    [InlineData("12/03/1985", Agreement.Agrees)]   // ambiguous, one reading matches
    [InlineData("11/03/1985", Agreement.Disagrees)]
    [InlineData("19850231", Agreement.Unknown)]
    [InlineData("无", Agreement.Unknown)]
    public void CrossCheck_ParsedRecordDate_ComparesKnownParts(string recordDate, Agreement expected)
    {
        var id = CitizenIdNumber.Parse("330802198503121234", Today);

        Assert.Equal(expected, id.CrossCheck(DateText.Parse(recordDate), Sex.Unknown).BirthDate);
    }

    [Theory]
    [InlineData("11010519491231002", 'X')]
    [InlineData("33080219850312123", '4')]
    [InlineData("33010219880808001", '7')]
    public void CheckCharacter_KnownPrefixes_MatchesIndependentComputation(string first17, char expected)
    {
        Assert.Equal(expected, CitizenIdNumber.CheckCharacter(first17));
    }

    // A second, independent MOD 11-2 (2^(17-i) mod 11 weights) for building fixtures.
    private static char CheckOf(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
            sum += (first17[i] - '0') * (int)(Math.Pow(2, 17 - i) % 11);
        return "10X98765432"[sum % 11];
    }
}
