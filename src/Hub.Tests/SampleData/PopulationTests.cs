using Hub.Dictionaries;
using Hub.SampleData;

namespace Hub.Tests.SampleData;

/// <summary>The truth: people, households, id numbers, names and twins.</summary>
public sealed class PopulationTests(SampleDataFixture fixture) : IClassFixture<SampleDataFixture>
{
    private readonly Population _population = fixture.Population;

    [Fact]
    public void Generate_Residents_ExactCountWithDenseIds()
    {
        Assert.Equal(20_000, _population.People.Count);
        Assert.All(_population.People.Select((p, i) => (p, i)), x => Assert.Equal(x.i + 1, x.p.Id));
        Assert.All(_population.Households.Select((h, i) => (h, i)), x => Assert.Equal(x.i + 1, x.h.Id));
    }

    [Fact]
    public void Generate_IdNumbers_ValidUniqueAndEmbedBirthDateSexAndCounty()
    {
        foreach (var p in _population.People)
        {
            Assert.True(CitizenId.IsValid(p.IdNumber), p.IdNumber);
            Assert.Equal(p.BirthDate, CitizenId.BirthDateOf(p.IdNumber));
            Assert.Equal(p.Sex == PersonSex.Male, CitizenId.IsMale(p.IdNumber));
            Assert.Equal(_population.Households[p.HouseholdId - 1].Address.CountyCode, p.IdNumber[..6]);
        }
        Assert.Equal(_population.People.Count, _population.People.Select(p => p.IdNumber).Distinct().Count());
    }

    [Fact]
    public void Generate_Households_SizeOneToSixHeadFirstAndKnownRelationships()
    {
        Assert.True(DictionaryCatalog.Default.TryGet(DictionaryCatalog.FamilyRelationship, out var relationships));
        foreach (var h in _population.Households)
        {
            Assert.InRange(h.MemberIds.Count, 1, 6);
            var members = h.MemberIds.Select(id => _population.People[id - 1]).ToList();
            Assert.Equal("02", members[0].Relationship);
            Assert.Single(members, m => m.Relationship == "02");
            Assert.All(members, m => Assert.Equal(h.Id, m.HouseholdId));
            Assert.All(members, m => Assert.True(relationships.TryGet(m.Relationship, out _), m.Relationship));
        }
        Assert.Contains(_population.Households, h => h.MemberIds.Count >= 5);
    }

    [Fact]
    public void Generate_Places_RealQuzhouDivisions()
    {
        Assert.True(DictionaryCatalog.Default.TryGet(DictionaryCatalog.Division, out var divisions));
        foreach (var h in _population.Households)
        {
            Assert.StartsWith("3308", h.Address.DivisionCode, StringComparison.Ordinal);
            Assert.True(divisions.TryGet(h.Address.DivisionCode, out _), h.Address.DivisionCode);
        }
        var counties = _population.Households.Select(h => h.Address.CountyCode).Distinct().Order().ToList();
        Assert.Equal(["330802", "330803", "330822", "330824", "330825", "330881"], counties);
        Assert.Contains(_population.Households, h => h.Address.IsFlat);
        Assert.Contains(_population.Households, h => !h.Address.IsFlat);
    }

    [Fact]
    public void Generate_VeryCommonNames_SharedByManyPeopleSomeBornTheSameYear()
    {
        var byName = _population.People.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var name in new[] { "王伟", "王芳", "李娜", "张伟" })
            Assert.True(byName.GetValueOrDefault(name, []).Count >= 5, $"{name}: {byName.GetValueOrDefault(name, []).Count}");
        Assert.Contains(_population.People.GroupBy(p => (p.Name, p.BirthDate.Year)), g => g.Count() >= 2 && g.Key.Name.Length == 2);
    }

    [Fact]
    public void Generate_Twins_SameHouseholdSameBirthDateDifferentNames()
    {
        var twins = _population.People.Where(p => p.TwinId != 0).ToList();

        Assert.True(twins.Count >= 50, $"{twins.Count} twins");
        foreach (var t in twins)
        {
            var other = _population.People[t.TwinId - 1];
            Assert.Equal(t.Id, other.TwinId);
            Assert.Equal(t.HouseholdId, other.HouseholdId);
            Assert.Equal(t.BirthDate, other.BirthDate);
            Assert.NotEqual(t.Name, other.Name);
        }
        // Some twins' given names differ by one character only (子涵 / 子轩).
        Assert.Contains(twins, t => OneCharacterApart(t.Name, _population.People[t.TwinId - 1].Name));
    }

    [Fact]
    public void Generate_Ethnicity_MostlyHanSomeShe()
    {
        var she = _population.People.Count(p => p.Ethnicity == "22");
        var han = _population.People.Count(p => p.Ethnicity == "01");

        Assert.InRange(han, 19_000, 20_000);
        Assert.InRange(she, 50, 800);
    }

    [Fact]
    public void Generate_Phones_MobileAndUnique()
    {
        var phones = _population.People.Where(p => p.Phone is not null).Select(p => p.Phone!).ToList();

        Assert.InRange(phones.Count, 12_000, 18_000);
        Assert.All(phones, ph => Assert.Matches("^1[3-9][0-9]{9}$", ph));
        Assert.Equal(phones.Count, phones.Distinct().Count());
    }

    private static bool OneCharacterApart(string a, string b) =>
        a.Length == b.Length && a.Zip(b).Count(x => x.First != x.Second) == 1;
}
