using Hub.Addresses;

namespace Hub.Tests.Addresses;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("新桥路１２号３幢", "新桥路12号3幢")]
    [InlineData("衢州市　柯城区 府山街道", "衢州市柯城区府山街道")]
    [InlineData("3－2—301", "3-2-301")]
    [InlineData("（府山街道），新桥路", "府山街道新桥路")]
    [InlineData("ａ座b栋", "A座B栋")]
    [InlineData("柯城區新橋路12號", "柯城区新橋路12号")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Normalize_Text_ReturnsHalfWidthWithoutPunctuation(string? text, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(text));
}
