using Hub.Identity.Normalization;

namespace Hub.Tests.Identity.Normalization;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("13812345678")]
    [InlineData("138 1234 5678")]
    [InlineData("138-1234-5678")]
    [InlineData("138.1234.5678")]
    [InlineData("(138)12345678")]
    [InlineData("+86 138 1234 5678")]
    [InlineData("+86-13812345678")]
    [InlineData("(+86)13812345678")]
    [InlineData("＋８６ １３８１２３４５６７８")]
    [InlineData("0086 13812345678")]
    [InlineData("8613812345678")]
    [InlineData("013812345678")]
    [InlineData("１３８１２３４５６７８")]
    [InlineData("138\u30001234\u00A05678")]
    public void Normalize_MobileInManyFormats_IsE164Mobile(string raw)
    {
        var result = PhoneNumber.Normalize(raw);

        Assert.Equal(PhoneKind.Mobile, result.Kind);
        Assert.Equal("+8613812345678", result.Value);
        Assert.Null(result.Extension);
        Assert.True(result.HasValue);
    }

    [Theory]
    [InlineData("13012345678", "+8613012345678")]
    [InlineData("19912345678", "+8619912345678")]
    [InlineData("15700000001", "+8615700000001")]
    public void Normalize_MobilePrefixes13To19_AreMobile(string raw, string expected)
    {
        Assert.Equal(expected, PhoneNumber.Normalize(raw).Value);
    }

    [Theory]
    [InlineData("0570-1234567", "+865701234567")]
    [InlineData("(0570)1234567", "+865701234567")]
    [InlineData("（0570）1234567", "+865701234567")]
    [InlineData("05701234567", "+865701234567")]
    [InlineData("0570 123 4567", "+865701234567")]
    [InlineData("+86 570 1234567", "+865701234567")]
    [InlineData("0086-570-1234567", "+865701234567")]
    [InlineData("010-12345678", "+861012345678")]
    [InlineData("01087654321", "+861087654321")]
    [InlineData("021-6123-4567", "+862161234567")]
    [InlineData("0571-87654321", "+8657187654321")]
    public void Normalize_LandlineWithAreaCode_IsE164Landline(string raw, string expected)
    {
        var result = PhoneNumber.Normalize(raw);

        Assert.Equal(PhoneKind.Landline, result.Kind);
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData("0570-1234567转123", "+865701234567", "123")]
    [InlineData("0570-1234567 转 8001", "+865701234567", "8001")]
    [InlineData("0570-1234567分机22", "+865701234567", "22")]
    [InlineData("0570-1234567 ext 123", "+865701234567", "123")]
    [InlineData("0570-1234567 EXT.123", "+865701234567", "123")]
    [InlineData("0570-1234567x123", "+865701234567", "123")]
    [InlineData("0570-1234567#6", "+865701234567", "6")]
    [InlineData("0570-1234567-123", "+865701234567", "123")]
    [InlineData("010-12345678-12345", "+861012345678", "12345")]
    [InlineData("13812345678转0", "+8613812345678", "0")]
    public void Normalize_Extension_KeptSeparately(string raw, string value, string extension)
    {
        var result = PhoneNumber.Normalize(raw);

        Assert.Equal(value, result.Value);
        Assert.Equal(extension, result.Extension);
    }

    [Fact]
    public void Normalize_GroupedLandline_IsNotReadAsExtension()
    {
        var result = PhoneNumber.Normalize("0570-123-4567");

        Assert.Equal("+865701234567", result.Value);
        Assert.Null(result.Extension);
    }

    [Theory]
    [InlineData("3012345", null, PhoneKind.LocalLandline, null)]
    [InlineData("8123 4567", null, PhoneKind.LocalLandline, null)]
    [InlineData("1234567", null, PhoneKind.Invalid, null)]   // a subscriber number never starts with 1
    [InlineData("1234567", "0570", PhoneKind.Invalid, null)]
    [InlineData("3012345", "0570", PhoneKind.Landline, "+865703012345")]
    [InlineData("3012345", "570", PhoneKind.Landline, "+865703012345")]
    public void Normalize_LocalNumber_UsesDefaultAreaCodeWhenGiven(string raw, string? area, PhoneKind kind, string? value)
    {
        var result = PhoneNumber.Normalize(raw, area);

        Assert.Equal(kind, result.Kind);
        Assert.Equal(value, result.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("无")]
    [InlineData("不详")]
    [InlineData("/")]
    [InlineData("-")]
    [InlineData("0")]
    [InlineData("00000000000")]
    [InlineData("000-0000-0000")]
    [InlineData("11111111111")]
    [InlineData("88888888")]
    public void Normalize_Placeholder_IsMissing(string? raw)
    {
        var result = PhoneNumber.Normalize(raw);

        Assert.Equal(PhoneKind.Missing, result.Kind);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Normalize_RealPatternWithZeros_IsNotPlaceholder()
    {
        Assert.Equal(PhoneKind.Mobile, PhoneNumber.Normalize("13800000000").Kind);
    }

    [Theory]
    [InlineData("12345", "12345")]
    [InlineData("1381234567", "1381234567")]          // one digit short
    [InlineData("138123456789", "138123456789")]      // one digit long
    [InlineData("12812345678", "12812345678")]        // no mobile prefix 12
    [InlineData("+1 415 555 0100", "14155550100")]    // foreign
    [InlineData("0570-123456", "0570123456")]         // subscriber too short
    [InlineData("0123-1234567", "01231234567")]       // no such area code
    [InlineData("13812345678/13912345678", "1381234567813912345678")]
    [InlineData("电话13812345678", "13812345678")]
    [InlineData("abc", "")]
    public void Normalize_Other_IsInvalidWithDigitsKept(string raw, string digits)
    {
        var result = PhoneNumber.Normalize(raw);

        Assert.Equal(PhoneKind.Invalid, result.Kind);
        Assert.Null(result.Value);
        Assert.Equal(digits, result.Digits);
    }

    [Fact]
    public void Normalize_HugeInput_IsInvalidWithoutThrowing()
    {
        Assert.Equal(PhoneKind.Invalid, PhoneNumber.Normalize(new string('1', 70_000) + "2").Kind);
    }

    [Fact]
    public void Default_IsMissing()
    {
        Assert.Equal(PhoneKind.Missing, default(PhoneResult).Kind);
    }
}
