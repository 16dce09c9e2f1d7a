namespace Hub.SampleData;

/// <summary>
/// Surnames by frequency (national ranks, with Quzhou's own common names such as 毛 徐 祝 汪 weighted up),
/// given-name characters by sex and generation, and very common full names.
/// </summary>
internal static class NamePools
{
    // Roughly in national rank order; weight falls with rank. Local surnames get a boost below.
    private const string RankedSurnames =
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文施洪辛柴单祝童翁郎楼应鲁舒管柳葛";
    private const string LocalSurnames = "毛徐祝汪郑叶姜余周吴王";

    /// <summary>Han surnames, weighted.</summary>
    public static readonly Weighted<string> Surnames = new(
        RankedSurnames.Select((c, rank) => (c.ToString(), 7.0 / Math.Pow(rank + 1, 0.75) * (LocalSurnames.Contains(c) ? 1.6 : 1.0)))
            .Concat([("欧阳", 0.05), ("诸葛", 0.02), ("司马", 0.01), ("上官", 0.01), ("皇甫", 0.005)]));

    /// <summary>Surnames of She (畲族) households: 蓝 雷 钟 and some 李.</summary>
    public static readonly Weighted<string> SheSurnames = new([("蓝", 4), ("雷", 4), ("钟", 2), ("李", 1)]);

    // Given-name characters; older generations favour the first pools, younger the second.
    private const string MaleOld = "建国军华明伟平强勇林海金忠德福志刚峰荣春根新文永兴生宝富贵良庆水祥发";
    private const string MaleYoung = "浩宇轩杰涛磊鹏飞超斌俊辉晨博然子睿泽阳一航凯锐宸皓诚昊瑞琪嘉铭逸毅哲";
    private const string FemaleOld = "秀英芳丽红梅兰珍凤华玉萍霞琴燕美云桂娟花翠菊月素爱彩莲琳芬";
    private const string FemaleYoung = "娜静敏婷雪慧倩洁颖欣怡佳雨萱涵琪悦诗瑶晓梦思可馨妍蕾璐玥婧晶";

    /// <summary>Characters a given name may use (for the homophone table: typos stay name-like).</summary>
    public const string AllGivenCharacters = MaleOld + MaleYoung + FemaleOld + FemaleYoung;

    /// <summary>Very common full names by surname and sex: several people share each.</summary>
    public static readonly IReadOnlyDictionary<(string Surname, PersonSex Sex), string[]> VeryCommon =
        new Dictionary<(string, PersonSex), string[]>
        {
            [("王", PersonSex.Male)] = ["王伟", "王强", "王磊", "王军", "王勇", "王涛"],
            [("王", PersonSex.Female)] = ["王芳", "王秀英", "王静", "王丽", "王敏"],
            [("李", PersonSex.Male)] = ["李伟", "李强", "李军", "李明"],
            [("李", PersonSex.Female)] = ["李娜", "李秀英", "李静", "李敏"],
            [("张", PersonSex.Male)] = ["张伟", "张勇", "张杰", "张磊"],
            [("张", PersonSex.Female)] = ["张敏", "张丽", "张静", "张秀英"],
            [("刘", PersonSex.Male)] = ["刘洋", "刘伟", "刘强"],
            [("刘", PersonSex.Female)] = ["刘芳", "刘洋", "刘秀英"],
            [("陈", PersonSex.Male)] = ["陈伟", "陈杰"],
            [("陈", PersonSex.Female)] = ["陈静", "陈丽"],
        };

    // Uyghur given names, for names of the form 艾力·买买提 (own name · father's name).
    private static readonly string[] UyghurMale = ["买买提", "艾力", "阿不都", "吐尔逊", "热合曼", "艾合买提", "努尔", "伊力哈木", "玉素甫", "阿里木"];
    private static readonly string[] UyghurFemale = ["阿依古丽", "古丽娜尔", "热依拉", "帕提古丽", "迪丽拜尔", "米热古丽", "阿依努尔", "再努尔"];

    /// <summary>A Han given name of one or two characters, in the style of the birth year.</summary>
    public static string GivenName(Rng rng, PersonSex sex, int birthYear)
    {
        var young = birthYear >= 1985 ? 0.8 : birthYear >= 1965 ? 0.4 : 0.1;
        string Pool() => sex == PersonSex.Male
            ? (rng.Chance(young) ? MaleYoung : MaleOld)
            : (rng.Chance(young) ? FemaleYoung : FemaleOld);
        var single = birthYear is >= 1975 and < 2000 ? 0.35 : 0.2;
        return rng.Chance(single) ? rng.Pick(Pool()).ToString() : $"{rng.Pick(Pool())}{rng.Pick(Pool())}";
    }

    /// <summary>A twin's given name: half the time it shares the sibling's first character (子涵 / 子轩).</summary>
    public static string TwinGivenName(Rng rng, PersonSex sex, int birthYear, string siblingGiven)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var given = GivenName(rng, sex, birthYear);
            if (siblingGiven.Length == 2 && rng.Chance(0.5))
                given = siblingGiven[0] + given[^1..];
            if (given != siblingGiven)
                return given;
        }
        return siblingGiven + (sex == PersonSex.Male ? "杰" : "婷");
    }

    /// <summary>A Uyghur name with the middle dot U+00B7.</summary>
    public static string UyghurName(Rng rng, PersonSex sex, string? fatherGiven = null) =>
        $"{rng.Pick(sex == PersonSex.Male ? UyghurMale : UyghurFemale)}·{fatherGiven ?? rng.Pick(UyghurMale)}";
}
