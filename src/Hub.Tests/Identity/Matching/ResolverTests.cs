using Hub.Addresses;
using Hub.Contracts.V1;
using Hub.Identity.Matching;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Identity.Matching;

public sealed class ResolverTests
{
    private readonly FeatureExtractor _extractor = new(AddressParser.Shared, new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)));
    private readonly IdentityResolver _resolver = new(MatchRules.Default);
    private readonly IdentityIndex _index = new();

    /// <summary>A person record with the given fields (empty ones left out); PairScoreTests builds its pairs with it too.</summary>
    internal static PersonRecord Person(string name, string id = "", string birth = "", string sex = "", string phone = "", string address = "")
    {
        var p = new PersonRecord { Name = name, IdNumber = id, BirthDate = birth };
        if (sex.Length > 0)
            p.Sex = new CodedValue { Dictionary = "sex", Code = sex };
        if (phone.Length > 0)
            p.Contacts.Add(new Contact { Kind = ContactKind.MobilePhone, Value = phone });
        if (address.Length > 0)
            p.Addresses.Add(new ResidentAddress { Address = new Address { RawText = address } });
        return p;
    }

    private void Index(string department, string localId, string resident, PersonRecord person) =>
        _index.Upsert(department, localId, _extractor.Extract(person), resident);

    private Resolution Resolve(PersonRecord person, (string Department, string LocalId)? self = null) =>
        _resolver.Resolve(_extractor.Extract(person), _index, self);

    // 330802198503120020: 柯城区, 1985-03-12, female (17th digit even); check digit computed independently.
    private const string WangFangId = "330802198503120020";

    [Fact]
    public void Resolve_SameValidIdAndName_LinksDeterministically()
    {
        Index("household", "HJ1", "R1", Person("王芳", WangFangId, "19850312", "2"));

        var r = Resolve(Person("王芳", WangFangId.ToLowerInvariant()));

        Assert.Equal((Decision.Matched, "R1", true), (r.Decision, r.ResidentId, r.Deterministic));
    }

    [Fact]
    public void Resolve_LegacyFifteenDigitNumber_LinksToTheEighteenDigitOne()
    {
        Index("household", "HJ1", "R1", Person("王芳", WangFangId, "19850312", "2"));

        var r = Resolve(Person("王芳", "330802850312002", "1985-03-12"));

        Assert.Equal((Decision.Matched, "R1"), (r.Decision, r.ResidentId));
    }

    [Fact]
    public void Resolve_SameIdButNameAndBirthDateDisagree_ConflictNeverMatched()
    {
        Index("household", "HJ1", "R1", Person("王芳", WangFangId, "19850312", "2"));

        var r = Resolve(Person("陈建国", WangFangId, "19620101", "1"));

        Assert.Equal(Decision.Conflict, r.Decision);
        Assert.Equal("R1", Assert.Single(r.Candidates).ResidentId);
    }

    [Fact]
    public void Resolve_BestRecordHasNoId_ButAnotherRecordOfTheResidentHasADifferentValidId_AtMostReview()
    {
        // From the 533,000-resident benchmark: two women named 张萍思, born a month apart. Person A is in the household
        // registry; person B's social-security record (no ID number) was linked to A on name and a birth date one digit off.
        Index("household", "HJ1", "R1", Person("张萍思", "330803197707237441", "19770723", "2"));
        Index("social-security", "SS9", "R1", Person("张萍思", birth: "1977-08-23", sex: "2"));

        // B's household record scores best against the social-security record, which says nothing about ID numbers.
        var b = Resolve(Person("张萍思", "330822197708238269", "19770823", "2"));

        Assert.Equal((Decision.Review, "R1"), (b.Decision, b.ResidentId));
        Assert.True(b.Score >= MatchRules.Default.LinkThreshold, $"score {b.Score}");
        Assert.Contains("another record of resident R1 carries a different valid ID number", b.Explanation);
    }

    [Fact]
    public void Resolve_BestRecordHasNoId_NoRecordOfTheResidentHasAnotherId_Links()
    {
        Index("social-security", "SS9", "R1", Person("张萍思", birth: "1977-08-23", sex: "2"));

        var b = Resolve(Person("张萍思", "330822197708238269", "19770823", "2"));

        Assert.Equal((Decision.Matched, "R1"), (b.Decision, b.ResidentId));
    }

    [Fact]
    public void Resolve_ResidentAlreadyHasARecordOfTheSameDepartment_AtMostReview()
    {
        // From the 533,000-resident benchmark: two men named 赵晨 born the same day. A is in the household registry and
        // known to his grid worker; B, known only to another grid worker (other phone, other village), scored above the
        // link threshold against A's household record on name, birth date and sex.
        Index("household", "HJ1", "R1", Person("赵晨", "33080319880625249X", "19880625", "1", address: "浙江省衢州市衢江区樟潭街道中山路18号28幢2单元803室"));
        Index("grid", "G1", "R1", Person("赵晨", birth: "1988年6月25日", sex: "1", phone: "18338448155", address: "百灵社区8网格 中山路十八号28幢2单元803"));

        var b = Resolve(Person("赵晨", birth: "1988年6月25日", sex: "1", phone: "17798221810", address: "小高山村3网格 小高山村二百三十六号"), ("grid", "G2"));

        Assert.Equal((Decision.Review, "R1"), (b.Decision, b.ResidentId));
        Assert.True(b.Score >= MatchRules.Default.LinkThreshold, $"score {b.Score}");
        Assert.Contains("resident R1 already has record G1 of department grid", b.Explanation);
    }

    [Fact]
    public void Resolve_TheResidentsRecordOfTheDepartmentIsTheRecordItself_Links()
    {
        // A changed grid record matched again (the relinker, a re-sent row) is not its own duplicate.
        Index("household", "HJ1", "R1", Person("赵晨", "33080319880625249X", "19880625", "1"));
        Index("grid", "G1", "R1", Person("赵晨", birth: "1988年6月25日", sex: "1", phone: "18338448155"));

        var again = Resolve(Person("赵晨", birth: "1988年6月25日", sex: "1", phone: "18338448156"), ("grid", "G1"));

        Assert.Equal((Decision.Matched, "R1"), (again.Decision, again.ResidentId));
    }

    [Fact]
    public void Resolve_RecordsOwnOlderVersionHasAnotherBirthDate_IsNotAnotherRecord()
    {
        // A preview of a changed grid record whose birth date was corrected: its indexed older version is the record
        // itself, not another record of the resident with a different birth date.
        Index("social-security", "SS1", "R1", Person("周悦", birth: "1996年5月", sex: "2", phone: "13892125376"));
        Index("grid", "G1", "R1", Person("周悦", birth: "1996-05-30", sex: "2", phone: "13892125376"));

        var corrected = Resolve(Person("周悦", birth: "1996-05-11", sex: "2", phone: "13892125376"), ("grid", "G1"));

        Assert.Equal((Decision.Matched, "R1"), (corrected.Decision, corrected.ResidentId));
    }

    [Fact]
    public void Resolve_BestRecordHasYearAndMonthOnly_ButAnotherRecordHasADifferentCompleteBirthDate_AtMostReview()
    {
        // The best-scoring record (a grid record: same phone, 1996年5月) cannot tell 30 May from 11 May; the household
        // record of the same resident can.
        Index("household", "HJ1", "R1", Person("周悦", "33088119960511182X", "19960511", "2"));
        Index("grid", "G1", "R1", Person("周悦", birth: "1996年5月", sex: "2", phone: "13892125376"));

        var b = Resolve(Person("周悦", birth: "1996-05-30", sex: "2", phone: "13892125376"), ("social-security", "SS2"));

        Assert.Equal((Decision.Review, "R1"), (b.Decision, b.ResidentId));
        Assert.True(b.Score >= MatchRules.Default.LinkThreshold, $"score {b.Score}");
        Assert.Contains("another record of resident R1 carries a complete, different birth date", b.Explanation);
    }

    [Fact]
    public void Resolve_NoIdButNameBirthAndAddressAgree_LinksProbabilistically()
    {
        Index("household", "HJ1", "R1", Person("赵雪梅", WangFangId, "19850312", "2", address: "衢州市柯城区府山街道新桥路12号3幢2单元301室"));

        var r = Resolve(Person("趙雪梅", birth: "1985年3月12日", sex: "2", address: "衢州柯城新桥路12号3-2-301"));

        Assert.Equal((Decision.Matched, "R1", false), (r.Decision, r.ResidentId, r.Deterministic));
        Assert.Contains(r.Comparisons, c => c is { Field: "name", Level: ComparisonLevel.Exact });
        Assert.Contains(r.Comparisons, c => c is { Field: "address", Level: ComparisonLevel.Exact });
        Assert.Contains(r.Comparisons, c => c is { Field: "id_number", Level: ComparisonLevel.Missing, Weight: 0 });
    }

    [Fact]
    public void Resolve_HomophoneAndSwappedDayMonth_StillFindsTheCandidate()
    {
        Index("household", "HJ1", "R1", Person("李静", "", "19850312", "2", phone: "13812345678"));

        var r = Resolve(Person("李晶", birth: "1985-12-03", sex: "2", phone: "+86 138-1234-5678"));

        Assert.Equal("R1", r.ResidentId);
        Assert.Contains(r.Comparisons, c => c is { Field: "name", Level: ComparisonLevel.PinyinEqual });
        Assert.Contains(r.Comparisons, c => c is { Field: "birth_date", Level: ComparisonLevel.Transposed });
        Assert.Contains(r.Comparisons, c => c is { Field: "phone", Level: ComparisonLevel.Exact });
    }

    [Fact]
    public void Resolve_CommonNameOnly_WeighsLessThanARareName()
    {
        for (var i = 0; i < 200; i++)
            Index("household", $"W{i}", $"RW{i}", Person("王伟", birth: $"{1950 + i % 50}0101", sex: "1"));
        Index("household", "X1", "RX", Person("诸葛翠花", birth: "19850312", sex: "2"));
        Index("household", "X2", "RY", Person("王伟", birth: "19850312", sex: "1"));

        var common = Resolve(Person("王伟", birth: "1985-03-12", sex: "1"));
        var rare = Resolve(Person("诸葛翠花", birth: "1985-03-12", sex: "2"));

        var commonName = common.Comparisons.Single(c => c.Field == "name").Weight;
        var rareName = rare.Comparisons.Single(c => c.Field == "name").Weight;
        Assert.True(rareName > commonName + 3, $"rare {rareName} vs common {commonName}");
    }

    [Fact]
    public void Resolve_SameNameAndFlatButDifferentCompleteBirthDates_AtMostReview()
    {
        // A father and his son of the same name at the same flat: never merged automatically.
        Index("household", "HJ1", "R1", Person("张建华", birth: "19600105", sex: "1", address: "衢州市柯城区新桥路12号3幢2单元301室"));

        var r = Resolve(Person("张建华", birth: "19880921", sex: "1", address: "衢州市柯城区新桥路12号3幢2单元301室"));

        Assert.NotEqual(Decision.Matched, r.Decision);
    }

    [Fact]
    public void Resolve_DifferentValidIds_NeverMatched()
    {
        Index("household", "HJ1", "R1", Person("王芳", WangFangId, "19850312", "2", phone: "13812345678"));

        var r = Resolve(Person("王芳", "11010519491231002X", "19850312", "2", phone: "13812345678"));

        Assert.NotEqual(Decision.Matched, r.Decision);
    }

    [Fact]
    public void Resolve_NobodyAlike_New()
    {
        Index("household", "HJ1", "R1", Person("王芳", WangFangId, "19850312", "2"));

        Assert.Equal(Decision.New, Resolve(Person("李明", birth: "19900101", sex: "1")).Decision);
    }

    [Fact]
    public void Resolve_EveryDecision_ExplainsEachFieldAndNamesTheRules()
    {
        Index("household", "HJ1", "R1", Person("王芳", WangFangId, "19850312", "2"));

        var r = Resolve(Person("王芳", birth: "1985-03", sex: "2"));

        Assert.Equal(MatchRules.Fields, r.Comparisons.Select(c => c.Field));
        Assert.Equal(MatchRules.Default.Version, r.RulesVersion);
        Assert.False(string.IsNullOrEmpty(r.Explanation));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(40)]
    public void Top_RanksAsAStableSortByDescendingScore(int count)
    {
        // Few distinct scores among many residents, so ties decide most places.
        var random = new Random(7);
        var entry = new IdentityIndex.Entry("d", "x", new IdentityFeatures(), "R0", 0);
        for (var round = 0; round < 50; round++)
        {
            var best = new Dictionary<string, (double Score, IdentityIndex.Entry Entry)>(StringComparer.Ordinal);
            for (var i = random.Next(0, 30); i > 0; i--)
                best[$"R{random.Next(100)}"] = (random.Next(-3, 4) * 1.5, entry);

            var expected = best.OrderByDescending(b => b.Value.Score).Take(count).Select(b => b.Key).ToList();
            Assert.Equal(expected, IdentityResolver.Top(best, count).Select(b => b.Key).ToList());
        }
    }
}
