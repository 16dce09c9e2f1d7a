using Hub.Addresses;

namespace Hub.Tests.Addresses;

public class ChineseNumeralsTests
{
    [Theory]
    [InlineData("十", 10)]
    [InlineData("十二", 12)]
    [InlineData("二十", 20)]
    [InlineData("二十三", 23)]
    [InlineData("一百零五", 105)]
    [InlineData("一百一十", 110)]
    [InlineData("一百五", 150)]
    [InlineData("两百", 200)]
    [InlineData("一千零一", 1001)]
    [InlineData("廿八", 28)]
    [InlineData("三零一", 301)]
    [InlineData("二〇一", 201)]
    [InlineData("七", 7)]
    public void TryParse_Numeral_ReturnsValue(string text, int expected)
    {
        Assert.True(ChineseNumerals.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("三衢")]
    [InlineData("十十")]
    [InlineData("百千")]
    public void TryParse_NotANumeral_ReturnsFalse(string text) =>
        Assert.False(ChineseNumerals.TryParse(text, out _));

    [Theory]
    [InlineData("新桥路十二号三幢二单元三零一室", "新桥路12号3幢2单元301室")]
    [InlineData("第三网格", "3网格")]
    [InlineData("三衢路五一号", "三衢路51号")]
    [InlineData("二环路一百零五号", "二环路105号")]
    [InlineData("九华乡七里村", "九华乡七里村")]
    [InlineData("新桥路200-3-2-301", "新桥路200-3-2-301")]
    public void ConvertBeforeMarkers_Text_ConvertsOnlyNumbersBeforeMarkers(string text, string expected) =>
        Assert.Equal(expected, ChineseNumerals.ConvertBeforeMarkers(text));
}
