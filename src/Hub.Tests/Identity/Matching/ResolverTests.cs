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

    private Resolution Resolve(PersonRecord person) => _resolver.Resolve(_extractor.Extract(person), _index);

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
}
