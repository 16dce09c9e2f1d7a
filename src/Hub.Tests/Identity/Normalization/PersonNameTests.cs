using Hub.Identity.Normalization;

namespace Hub.Tests.Identity.Normalization;

public sealed class PersonNameTests
{
    [Theory]
    [InlineData("王芳", "王芳")]
    [InlineData("  王芳  ", "王芳")]
    [InlineData("王 芳", "王芳")]
    [InlineData("王\u3000芳", "王芳")]
    [InlineData("王\u00A0芳", "王芳")]
    [InlineData("\t王  小 明\u3000", "王小明")]
    [InlineData("欧阳 娜娜", "欧阳娜娜")]
    public void Normalize_Spaces_AreRemoved(string raw, string expected)
    {
        var name = PersonName.Normalize(raw);

        Assert.Equal(expected, name.Display);
        Assert.Equal(expected, name.Key);
    }

    [Theory]
    [InlineData("張偉", "张伟")]
    [InlineData("陳曉東", "陈晓东")]
    [InlineData("劉德華", "刘德华")]
    [InlineData("黃 國 強", "黄国强")]
    [InlineData("歐陽修", "欧阳修")]
    [InlineData("趙麗穎", "赵丽颖")]
    public void Normalize_Traditional_BecomesSimplified(string raw, string expected)
    {
        var name = PersonName.Normalize(raw);

        Assert.Equal(expected, name.Display);
        Assert.Equal(expected, name.Key);
    }

    [Theory]
    [InlineData("张乾", "张乾")] // 乾 is a standard character (qián); OpenCC's first value 干 would change the name
    [InlineData("於小美", "於小美")] // 於 is a surname of its own
    [InlineData("李昇", "李昇")]
    public void Normalize_StandardCharacterListedByOpenCc_IsKept(string raw, string expected)
    {
        Assert.Equal(expected, PersonName.Normalize(raw).Key);
    }

    [Theory]
    [InlineData("阿依古丽·买买提")]
    [InlineData("阿依古丽•买买提")]
    [InlineData("阿依古丽‧买买提")]
    [InlineData("阿依古丽・买买提")]
    [InlineData("阿依古丽.买买提")]
    [InlineData("阿依古丽．买买提")]
    [InlineData("阿依古丽﹒买买提")]
    [InlineData("阿依古丽 买买提")]
    [InlineData("阿依古丽\u3000买买提")]
    [InlineData("阿依古丽 · 买买提")]
    [InlineData("阿依古麗·買買提")]
    public void Normalize_MinorityNameDots_DisplayWithMiddleDot(string raw)
    {
        var name = PersonName.Normalize(raw);

        Assert.Equal("阿依古丽\u00B7买买提", name.Display);
        Assert.Equal("阿依古丽买买提", name.Key);
    }

    [Fact]
    public void Normalize_MinorityNameWrittenFiveWays_ShareKeyAndPinyinKey()
    {
        string[] forms = ["阿依古丽·买买提", "阿依古丽•买买提", "阿依古丽.买买提", "阿依古丽 买买提", "阿依古丽买买提"];

        var names = forms.Select(PersonName.Normalize).ToList();

        Assert.All(names, n => Assert.Equal("阿依古丽买买提", n.Key));
        Assert.All(names, n => Assert.Equal("ayigulimaimaiti", n.PinyinKey));
        Assert.Single(names.Select(n => n.Surname).Distinct());
        Assert.Equal("阿依古丽买买提", names[^1].Display);
    }

    [Fact]
    public void Normalize_ThreePartMinorityName_KeepsEveryDot()
    {
        var name = PersonName.Normalize("穆罕默德·阿卜杜拉•艾力");

        Assert.Equal("穆罕默德·阿卜杜拉·艾力", name.Display);
        Assert.Equal("穆罕默德阿卜杜拉艾力", name.Key);
    }

    [Theory]
    [InlineData("·阿依古丽·", "阿依古丽")]
    [InlineData("阿依古丽··买买提", "阿依古丽·买买提")]
    public void Normalize_LeadingTrailingOrRepeatedDots_AreCollapsed(string raw, string display)
    {
        Assert.Equal(display, PersonName.Normalize(raw).Display);
    }

    [Fact]
    public void Normalize_Homophones_SharePinyinKeyButNotKey()
    {
        var fang1 = PersonName.Normalize("王芳");
        var fang2 = PersonName.Normalize("王方");

        Assert.Equal("wangfang", fang1.PinyinKey);
        Assert.Equal(fang1.PinyinKey, fang2.PinyinKey);
        Assert.NotEqual(fang1.Key, fang2.Key);
    }

    [Theory]
    [InlineData("张伟", "张", "zhang", "zhangwei")]
    [InlineData("单伟", "单", "shan", "shanwei")]
    [InlineData("解晓东", "解", "xie", "xiexiaodong")]
    [InlineData("仇明", "仇", "qiu", "qiuming")]
    [InlineData("区家明", "区", "ou", "oujiaming")]
    [InlineData("查良镛", "查", "zha", "zhaliangyong")]
    [InlineData("曾国藩", "曾", "zeng", "zengguofan")]
    [InlineData("朴正熙", "朴", "piao", "piaozhengxi")]
    [InlineData("盖聂", "盖", "ge", "genie")]
    [InlineData("缪斯", "缪", "miao", "miaosi")]
    [InlineData("覃志刚", "覃", "qin", "qinzhigang")]
    [InlineData("乐嘉", "乐", "yue", "yuejia")]
    [InlineData("欧阳修", "欧阳", "ouyang", "ouyangxiu")]
    [InlineData("司马相如", "司马", "sima", "simaxiangru")]
    [InlineData("诸葛亮", "诸葛", "zhuge", "zhugeliang")]
    [InlineData("上官婉儿", "上官", "shangguan", "shangguanwaner")]
    [InlineData("尉迟恭", "尉迟", "yuchi", "yuchigong")]
    [InlineData("万俟卨", "万俟", "moqi", "moqixie")]
    [InlineData("长孙无忌", "长孙", "zhangsun", "zhangsunwuji")]
    [InlineData("皇甫嵩", "皇甫", "huangfu", "huangfusong")]
    [InlineData("慕容复", "慕容", "murong", "murongfu")]
    public void Normalize_Surname_ReadsAsSurname(string raw, string surname, string surnamePinyin, string pinyinKey)
    {
        var name = PersonName.Normalize(raw);

        Assert.Equal(surname, name.Surname);
        Assert.Equal(surnamePinyin, name.SurnamePinyin);
        Assert.Equal(pinyinKey, name.PinyinKey);
        Assert.False(name.HasUnreadableCharacters);
    }

    [Fact]
    public void Normalize_TwoCharacterNameStartingWithCompound_IsSingleSurname()
    {
        // 欧阳 alone is 欧 + 阳: a compound needs a given name after it.
        var name = PersonName.Normalize("欧阳");

        Assert.Equal("欧", name.Surname);
    }

    [Fact]
    public void Normalize_SurnameCharacterInsideGivenName_UsesCommonReading()
    {
        Assert.Equal("wangdan", PersonName.Normalize("王单").PinyinKey);
    }

    [Fact]
    public void Normalize_UmlautReading_IsWrittenV()
    {
        var name = PersonName.Normalize("吕绿");

        Assert.Equal("lvlv", name.PinyinKey);
    }

    [Theory]
    [InlineData("ＺＨＡＮＧ　Ｗｅｉ", "ZHANG Wei", "ZHANGWEI", "zhangwei")]
    [InlineData("John  Smith", "John Smith", "JOHNSMITH", "johnsmith")]
    [InlineData("张Ｌ", "张L", "张L", "zhangl")]
    public void Normalize_LatinLetters_FoldedAndFlagged(string raw, string display, string key, string pinyinKey)
    {
        var name = PersonName.Normalize(raw);

        Assert.Equal(display, name.Display);
        Assert.Equal(key, name.Key);
        Assert.Equal(pinyinKey, name.PinyinKey);
        Assert.True(name.HasUnreadableCharacters);
    }

    [Fact]
    public void Normalize_LatinName_HasNoSurname()
    {
        var name = PersonName.Normalize("John Smith");

        Assert.Null(name.Surname);
        Assert.Null(name.SurnamePinyin);
    }

    [Fact]
    public void Normalize_CharacterWithoutReading_StandsForItselfAndIsFlagged()
    {
        var name = PersonName.Normalize("王2");

        Assert.Equal("wang2", name.PinyinKey);
        Assert.True(name.HasUnreadableCharacters);
    }

    [Fact]
    public void Normalize_SupplementaryPlaneCharacter_IsReadAsOneCharacter()
    {
        // 𬌗 (U+2C317) is in the 通用规范汉字表.
        var name = PersonName.Normalize("王𬌗");

        Assert.Equal("王𬌗", name.Key);
        Assert.False(name.HasUnreadableCharacters);
        Assert.StartsWith("wang", name.PinyinKey, StringComparison.Ordinal);
        Assert.True(name.PinyinKey.Length > 4);
    }

    [Fact]
    public void Normalize_LoneSurrogate_DoesNotThrow()
    {
        var name = PersonName.Normalize("王\uD800芳");

        Assert.Equal("王\uFFFD芳", name.Key);
        Assert.True(name.HasUnreadableCharacters);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u3000")]
    [InlineData("无")]
    [InlineData("不详")]
    [InlineData("·")]
    public void Normalize_NoName_IsEmpty(string? raw)
    {
        var name = PersonName.Normalize(raw);

        Assert.True(name.IsEmpty);
        Assert.Same(NormalizedName.Empty, name);
    }

    [Fact]
    public void Normalize_HugeInput_DoesNotThrow()
    {
        var name = PersonName.Normalize(new string('王', 70_000));

        Assert.Equal(70_000, name.Key.Length);
    }

    [Theory]
    [InlineData("王芳", "王方", true)]
    [InlineData("王芳", "李芳", true)]
    [InlineData("王芳", "王芳", false)]
    [InlineData("王芳", "李方", false)]
    [InlineData("王芳", "王芳芳", false)]
    [InlineData("张小明", "张晓明", true)]
    [InlineData("王𬌗", "王芳", true)]
    [InlineData("", "", false)]
    public void DiffersByOneCharacter_Pairs_Expected(string a, string b, bool expected)
    {
        var left = PersonName.Normalize(a);
        var right = PersonName.Normalize(b);

        Assert.Equal(expected, left.DiffersByOneCharacterFrom(right));
        Assert.Equal(expected, PersonName.DiffersByOneCharacter(left.Key, right.Key));
    }

    [Fact]
    public void DiffersByOneCharacter_TraditionalVersusSimplified_IsSameAfterNormalising()
    {
        Assert.False(PersonName.Normalize("張偉").DiffersByOneCharacterFrom(PersonName.Normalize("张伟")));
        Assert.Equal(PersonName.Normalize("張偉").Key, PersonName.Normalize("张伟").Key);
    }
}
