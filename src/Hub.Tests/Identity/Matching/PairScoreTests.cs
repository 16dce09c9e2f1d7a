using Hub.Addresses;
using Hub.Identity.Matching;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Identity.Matching;

/// <summary>The allocation-free score the resolver ranks candidates by is the full comparison's score, bit for bit.</summary>
public sealed class PairScoreTests
{
    private readonly FeatureExtractor _extractor = new(AddressParser.Shared, new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)));

    private IdentityFeatures Features(string name, string id, string birth, string sex, string phone, string address) =>
        _extractor.Extract(ResolverTests.Person(name, id, birth, sex, phone, address));

    public static TheoryData<string, string, string, string, string, string> Records() => new()
    {
        { "王芳", "330802198503120020", "19850312", "2", "13800138000", "浙江省衢州市柯城区府山街道新桥街12号3幢201室" },
        { "王 芳", "33080219850312002x", "1985-12-03", "", "", "浙江省衢州市柯城区新桥街12号" },
        { "汪芳", "", "1985年3月", "2", "+86 138-0013-8000", "" },
        { "王方", "330802850312002", "", "1", "13900139000", "浙江省衢州市柯城区府山街道新桥街12号3幢202室" },
        { "", "", "31118", "", "", "" },
        { "陈建国", "330802196201010013", "19620101", "1", "", "浙江省衢州市江山市双塔街道" },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void ScoreOf_EveryPairAndNameFrequency_EqualsCompareScore(string name, string id, string birth, string sex, string phone, string address)
    {
        var a = Features(name, id, birth, sex, phone, address);
        foreach (var row in Records())
        {
            var b = Features((string)row[0], (string)row[1], (string)row[2], (string)row[3], (string)row[4], (string)row[5]);
            foreach (var nameU in new[] { 0.5, 0.01, 1e-5 })
                Assert.Equal(PairScore.Compare(a, b, MatchRules.Default, nameU).Score, PairScore.ScoreOf(a, b, MatchRules.Default, nameU));
        }
    }
}
