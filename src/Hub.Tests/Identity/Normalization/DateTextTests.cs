using Hub.Identity.Normalization;

namespace Hub.Tests.Identity.Normalization;

public sealed class DateTextTests
{
    [Theory]
    [InlineData("19850312")]
    [InlineData("1985-03-12")]
    [InlineData("1985-3-12")]
    [InlineData("1985/3/12")]
    [InlineData("1985/03/12")]
    [InlineData("1985.03.12")]
    [InlineData("1985.3.12")]
    [InlineData("1985年3月12日")]
    [InlineData("1985年03月12日")]
    [InlineData("1985年03月12号")]
    [InlineData("1985年3月12")]
    [InlineData("1985 年 3 月 12 日")]
    [InlineData("１９８５－０３－１２")]
    [InlineData("１９８５年３月１２日")]
    [InlineData("1985-03-12T00:00:00")]
    [InlineData("1985-03-12T00:00:00Z")]
    [InlineData("1985-03-12T00:00:00+08:00")]
    [InlineData("1985-03-12 00:00:00")]
    [InlineData("1985-03-12 00:00:00.0")]
    [InlineData("1985/3/12 0:00")]
    [InlineData("19850312000000")]
    [InlineData("  1985-03-12  ")]
    [InlineData("一九八五年三月十二日")]
    [InlineData("一九八五年三月十二号")]
    [InlineData("壹玖捌伍年叁月拾贰日")]
    [InlineData("13/03/1985")]
    [InlineData("31118")] // spreadsheet serial: 1985-03-12 is 31,118 days after 1899-12-30
    public void Parse_CommonForms_Give19850312Or13(string raw)
    {
        var result = DateText.Parse(raw);

        var expectedDay = raw.StartsWith("13/", StringComparison.Ordinal) ? 13 : 12;
        Assert.Equal(DateStatus.Ok, result.Status);
        Assert.Equal(new DateOnly(1985, 3, expectedDay), result.Value);
        Assert.Equal((1985, 3, expectedDay), (result.Year, result.Month, result.Day));
        Assert.True(result.IsComplete);
    }

    [Theory]
    [InlineData("二〇〇一年十月一日", 2001, 10, 1)]
    [InlineData("二零零一年十一月二十一日", 2001, 11, 21)]
    [InlineData("一九九九年十二月三十一日", 1999, 12, 31)]
    [InlineData("二○○○年二月廿九日", 2000, 2, 29)]
    [InlineData("一九八〇年一月卅一日", 1980, 1, 31)]
    [InlineData("一九八五年三月二十日", 1985, 3, 20)]
    public void Parse_ChineseNumerals_ReadAsDates(string raw, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), DateText.Parse(raw).Value);
    }

    [Theory]
    [InlineData("20000229", 2000)]
    [InlineData("2024-02-29", 2024)]
    public void Parse_February29InLeapYear_IsOk(string raw, int year)
    {
        var result = DateText.Parse(raw);

        Assert.Equal(DateStatus.Ok, result.Status);
        Assert.Equal(new DateOnly(year, 2, 29), result.Value);
    }

    [Theory]
    [InlineData("19850231")]
    [InlineData("1985-02-29")]
    [InlineData("19000229")]
    [InlineData("2100-02-29")]
    [InlineData("19851301")]
    [InlineData("1985-13-01")]
    [InlineData("1985年13月1日")]
    [InlineData("1985-04-31")]
    [InlineData("1985/00/12")]
    [InlineData("198513")]
    [InlineData("31/02/1985")]
    [InlineData("13/13/1985")]
    [InlineData("一九八五年二月三十日")]
    [InlineData("60")]          // the fictitious 1900-02-29 of spreadsheets
    [InlineData("00851231")]    // year 85 written with four digits
    [InlineData("1600年2月29日")] // before the earliest year accepted
    public void Parse_ImpossibleDate_IsInvalidAndNeverGuessed(string raw)
    {
        var result = DateText.Parse(raw);

        Assert.Equal(DateStatus.Invalid, result.Status);
        Assert.Null(result.Value);
        Assert.Equal(0, result.Day);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("0")]
    [InlineData("00000000")]
    [InlineData("0000-00-00")]
    [InlineData("0000-00-00 00:00:00")]
    [InlineData("1900-01-01")]
    [InlineData("19000101")]
    [InlineData("1900年1月1日")]
    [InlineData("1")] // serial 1 is 1900-01-01
    [InlineData("无")]
    [InlineData("不详")]
    [InlineData("/")]
    [InlineData("-")]
    public void Parse_Placeholder_IsMissing(string? raw)
    {
        var result = DateText.Parse(raw);

        Assert.Equal(DateStatus.Missing, result.Status);
        Assert.Null(result.Value);
    }

    [Theory]
    [InlineData("1985年3月", 1985, 3)]
    [InlineData("1985年03月", 1985, 3)]
    [InlineData("198503", 1985, 3)]
    [InlineData("1985-03", 1985, 3)]
    [InlineData("1985/3", 1985, 3)]
    [InlineData("1985.03", 1985, 3)]
    [InlineData("19850300", 1985, 3)]
    [InlineData("1985-03-00", 1985, 3)]
    [InlineData("一九八五年三月", 1985, 3)]
    [InlineData("1985年", 1985, 0)]
    [InlineData("1985", 1985, 0)]
    [InlineData("19850000", 1985, 0)]
    [InlineData("198500", 1985, 0)]
    public void Parse_YearMonthOnly_IsPartial(string raw, int year, int month)
    {
        var result = DateText.Parse(raw);

        Assert.Equal(DateStatus.Partial, result.Status);
        Assert.Null(result.Value);
        Assert.Equal((year, month, 0), (result.Year, result.Month, result.Day));
    }

    [Theory]
    [InlineData("03/04/1985", 1985, 4, 3, 1985, 3, 4)]
    [InlineData("12/03/1985", 1985, 3, 12, 1985, 12, 3)]
    [InlineData("1-2-2001", 2001, 2, 1, 2001, 1, 2)]
    [InlineData("05.06.1990", 1990, 6, 5, 1990, 5, 6)]
    public void Parse_DayMonthOrderUnknown_IsAmbiguousWithBothReadings(string raw, int y1, int m1, int d1, int y2, int m2, int d2)
    {
        var result = DateText.Parse(raw);

        Assert.Equal(DateStatus.Ambiguous, result.Status);
        Assert.Null(result.Value);
        Assert.Equal(y1, result.Year);
        Assert.Equal(new DateOnly(y1, m1, d1), result.DayFirstReading);
        Assert.Equal(new DateOnly(y2, m2, d2), result.MonthFirstReading);
    }

    [Theory]
    [InlineData("25/12/1985", 1985, 12, 25)] // day first, decided by 25
    [InlineData("12/25/1985", 1985, 12, 25)] // month first, decided by 25
    [InlineData("07/07/1985", 1985, 7, 7)]   // both readings equal
    public void Parse_DayMonthOrderDecided_IsOk(string raw, int year, int month, int day)
    {
        var result = DateText.Parse(raw);

        Assert.Equal(DateStatus.Ok, result.Status);
        Assert.Equal(new DateOnly(year, month, day), result.Value);
    }

    [Theory]
    [InlineData("2", 1900, 1, 2)]
    [InlineData("59", 1900, 2, 28)]
    [InlineData("61", 1900, 3, 1)]
    [InlineData("367", 1901, 1, 1)]
    [InlineData("25569", 1970, 1, 1)]
    [InlineData("31118", 1985, 3, 12)]
    [InlineData("36526", 2000, 1, 1)]
    [InlineData("45658", 2025, 1, 1)]
    [InlineData("80000", 2119, 1, 11)]
    public void Parse_SpreadsheetSerial_UsesExcel1900System(string raw, int year, int month, int day)
    {
        // Expected values: Excel shows these serials as these dates (1 = 1900-01-01, leap-year bug included).
        var result = DateText.Parse(raw);

        Assert.Equal(DateStatus.Ok, result.Status);
        Assert.Equal(new DateOnly(year, month, day), result.Value);
    }

    [Theory]
    [InlineData("80001")]
    [InlineData("99999")]
    [InlineData("31 118")]
    [InlineData("31118.5")]
    [InlineData("1985031")]
    [InlineData("850312")]
    [InlineData("85-03-12")]
    [InlineData("3/12/85")]
    [InlineData("March 12, 1985")]
    [InlineData("1985-03-12 abc")]
    [InlineData("1985-03/12")]
    [InlineData("1985--03-12")]
    [InlineData("1985-03-12-01")]
    [InlineData("3月12日")]
    [InlineData("十二月")]
    [InlineData("一九八五年十二十月")]
    [InlineData("12:30")]
    public void Parse_UnknownForm_IsUnrecognized(string raw)
    {
        var result = DateText.Parse(raw);

        Assert.Equal(DateStatus.Unrecognized, result.Status);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Parse_HugeInput_IsUnrecognizedWithoutThrowing()
    {
        Assert.Equal(DateStatus.Unrecognized, DateText.Parse(new string('1', 70_000)).Status);
    }

    [Fact]
    public void Default_IsMissing()
    {
        Assert.Equal(DateStatus.Missing, default(DateParseResult).Status);
    }
}
