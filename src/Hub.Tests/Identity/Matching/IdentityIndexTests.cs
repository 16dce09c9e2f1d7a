using Hub.Contracts.V1;
using Hub.Identity.Matching;

namespace Hub.Tests.Identity.Matching;

public sealed class IdentityIndexTests
{
    private static readonly MatchRules Rules = MatchRules.Default;

    private static IdentityFeatures Features(string name, int year = 1985, int month = 3, int day = 12) => new()
    {
        NameKey = name, PinyinKey = name + "py", SurnamePinyin = "s", BirthYear = year, BirthMonth = month, BirthDay = day,
    };

    private static string[] LocalIds(IdentityIndex index, string resident) => [.. index.RecordsOf(resident).Select(e => e.LocalId)];

    [Fact]
    public void RecordsOf_FollowsUpsertMoveAndRemove_OldestFirst()
    {
        var index = new IdentityIndex();
        index.Upsert("d", "a", Features("甲"), "R1");
        index.Upsert("d", "b", Features("乙"), "R1");
        index.Upsert("d", "c", Features("丙"), "R1");
        index.Upsert("d", "x", Features("丁"), "R2");

        index.Move("d", "b", "R2");
        Assert.Equal(["a", "c"], LocalIds(index, "R1"));
        Assert.Equal(["x", "b"], LocalIds(index, "R2"));

        index.Upsert("d", "a", Features("甲"), "R1"); // a newer version: now the newest record of R1
        Assert.Equal(["c", "a"], LocalIds(index, "R1"));

        Assert.True(index.Remove("d", "c"));
        Assert.True(index.Remove("d", "a"));
        Assert.Empty(index.RecordsOf("R1"));
        Assert.Empty(index.RecordsOf("R9"));
        index.Move("d", "x", "R1");
        Assert.Equal(["x"], LocalIds(index, "R1"));
        Assert.Equal(["b"], LocalIds(index, "R2"));
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Upsert_IndexedRecordStillFoundByItsKeys_AndRemovingItRestoresTheNameFrequency()
    {
        var index = new IdentityIndex();
        var before = index.NameU("王芳", Rules.NameFrequency);
        var features = Features("王芳");
        index.Upsert("d", "a", features, "R1");
        Assert.True(index.NameU("王芳", Rules.NameFrequency) > before);

        // The index dropped the record's keys; searching with the same features hashes them again.
        Assert.Equal(["a"], index.Candidates(features).Select(e => e.LocalId));
        Assert.Equal(["a"], index.Candidates(Features("王芳")).Select(e => e.LocalId));

        Assert.True(index.Remove("d", "a"));
        Assert.Equal(before, index.NameU("王芳", Rules.NameFrequency));
        Assert.Empty(index.Candidates(features));
    }

    [Fact]
    public void Upsert_EqualDepartmentNames_SharedByTheEntries()
    {
        var index = new IdentityIndex();
        index.Upsert(new string("household".AsSpan()), "a", Features("甲"), "R1");
        index.Upsert(new string("household".AsSpan()), "b", Features("乙"), "R2");

        Assert.Same(index.Find("household", "a")!.Department, index.Find("household", "b")!.Department);
    }

    [Theory]
    [InlineData(1985, 3, 12, 1985, 3, 12, ComparisonLevel.Exact)]
    [InlineData(1985, 3, 12, 1985, 12, 3, ComparisonLevel.Transposed)]
    [InlineData(1985, 3, 12, 1986, 3, 12, ComparisonLevel.OneCharacterDifferent)]
    [InlineData(1985, 3, 12, 1985, 3, 13, ComparisonLevel.OneCharacterDifferent)]
    [InlineData(1985, 3, 12, 1985, 4, 12, ComparisonLevel.OneCharacterDifferent)]
    [InlineData(1985, 3, 12, 1985, 10, 12, ComparisonLevel.Different)] // 03 -> 10: two digits
    [InlineData(1985, 3, 12, 985, 3, 12, ComparisonLevel.OneCharacterDifferent)] // 1985 -> 0985
    [InlineData(1985, 3, 12, 1958, 3, 12, ComparisonLevel.Different)]
    [InlineData(1985, 3, 12, 1985, 3, 0, ComparisonLevel.Partial)]
    public void BirthDate_LevelsOfCompleteAndPartialDates(int y1, int m1, int d1, int y2, int m2, int d2, ComparisonLevel expected) =>
        Assert.Equal(expected, FieldComparer.BirthDate(Features("a", y1, m1, d1), Features("b", y2, m2, d2)));

    [Fact]
    public void Weight_ByFieldPositionEqualsWeightByName()
    {
        for (var f = 0; f < MatchRules.Fields.Length; f++)
            foreach (var level in Enum.GetValues<ComparisonLevel>())
                Assert.Equal(Rules.Weight(MatchRules.Fields[f], level), Rules.Weight(f, level));
        Assert.Equal(Rules.M("name", ComparisonLevel.Exact), Rules.NameExactM);
    }
}
