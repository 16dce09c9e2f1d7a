using System.Globalization;
using Hub.Contracts.V1;
using Hub.SampleData;

namespace Hub.Tests.SampleData;

/// <summary>What each department holds: coverage, formats, and the truth behind every record.</summary>
public sealed class DepartmentRecordTests(SampleDataFixture fixture) : IClassFixture<SampleDataFixture>
{
    private readonly Population _population = fixture.Population;

    [Fact]
    public void Records_Truth_EveryPersonExistsAndLocalIdsUnique()
    {
        Assert.All(_population.Records, r => Assert.InRange(r.PersonId, 1, _population.People.Count));
        Assert.Equal(_population.Records.Count, _population.Records.Select(r => (r.Department, r.LocalId)).Distinct().Count());
        Assert.All(Departments.All, d => Assert.Equal(
            fixture.Of(d).Count, fixture.Of(d).Select(r => r.PersonId).Distinct().Count()));
    }

    [Fact]
    public void Records_Shares_AsSpecified()
    {
        var people = _population.People.Count;
        var adults = _population.People.Count(p => p.AgeOn(_population.Options.ReferenceDate) is >= 18 and <= 75);
        var families = fixture.Of(Departments.CivilAffairs).Select(r => r.Raw.HouseholdId).Distinct().Count();

        Assert.InRange((double)fixture.Of(Departments.Household).Count / people, 0.97, 0.99);
        Assert.InRange((double)families / _population.Households.Count, 0.065, 0.095);
        Assert.InRange((double)fixture.Of(Departments.SocialSecurity).Count / adults, 0.57, 0.63);
        Assert.InRange((double)fixture.Of(Departments.Grid).Count / people, 0.36, 0.44);
    }

    [Fact]
    public void Household_Records_CleanAndShareTheHouseholdAddress()
    {
        foreach (var r in fixture.Of(Departments.Household))
        {
            var p = _population.PersonOf(r);
            Assert.Matches(@"^HJ\d{9}$", r.LocalId);
            Assert.Equal(p.IdNumber, r.Raw.IdNumber);
            Assert.Equal(p.Name, r.Raw.Name);
            Assert.Equal(p.Sex == PersonSex.Male ? "1" : "2", r.Raw.Sex);
            Assert.Equal(p.BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture), r.Raw.BirthDate);
            Assert.Equal(p.Relationship, r.Raw.Relationship);
            Assert.Equal(InjectedErrors.None, r.Errors);
        }
        // Members of one household are registered at one address under one household number.
        foreach (var g in fixture.Of(Departments.Household).GroupBy(r => _population.PersonOf(r).HouseholdId))
        {
            Assert.Single(g.Select(r => r.Raw.Address).Distinct());
            Assert.Single(g.Select(r => r.Raw.HouseholdId).Distinct());
        }
    }

    [Fact]
    public void CivilAffairs_Records_WholeFamiliesOldFormatsAndLegacyIdsOfOlderPeople()
    {
        var records = fixture.Of(Departments.CivilAffairs);
        foreach (var family in records.GroupBy(r => r.Raw.HouseholdId))
        {
            var household = _population.Households[_population.PersonOf(family.First()).HouseholdId - 1];
            Assert.Equal(household.MemberIds.Order(), family.Select(r => r.PersonId).Order());
            Assert.Single(family.Select(r => r.Raw.Address).Distinct());
        }
        foreach (var r in records)
        {
            var p = _population.PersonOf(r);
            Assert.Matches(@"^MZ\d+$", r.LocalId);
            Assert.Equal(p.Sex == PersonSex.Male ? "男" : "女", r.Raw.Sex);
            Assert.Matches(@"^\d{4}(-\d{2}-\d{2}|/\d{1,2}/\d{1,2})$", r.Raw.BirthDate);
            if (r.Raw.IdNumber.Length == 15)
            {
                Assert.True(p.BirthDate.Year < 1980);
                Assert.Equal(p.IdNumber, CitizenId.FromLegacy15(r.Raw.IdNumber));
                Assert.Equal(CitizenId.ToLegacy15(p.IdNumber), r.Raw.IdNumber);
            }
            else
                Assert.Equal(p.IdNumber, r.Raw.IdNumber);
        }
    }

    [Fact]
    public void SocialSecurity_Records_IdNumbersWrittenOrMistypedAsFlagged()
    {
        foreach (var r in fixture.Of(Departments.SocialSecurity))
        {
            var p = _population.PersonOf(r);
            Assert.Matches(@"^AC01:\d+$", r.LocalId);
            Assert.InRange(p.AgeOn(_population.Options.ReferenceDate), 18, 75);
            var id = HalfWidth(r.Raw.IdNumber);
            Assert.Equal(r.Errors.HasFlag(InjectedErrors.IdFullWidth), id != r.Raw.IdNumber);
            Assert.Equal(r.Errors.HasFlag(InjectedErrors.IdLowerX), id.EndsWith('x'));
            id = id.ToUpperInvariant();
            if (r.Errors.HasFlag(InjectedErrors.IdMissing))
                Assert.Equal("", id);
            else if (r.Errors.HasFlag(InjectedErrors.IdTypo))
            {
                Assert.False(CitizenId.IsValid(id));
                Assert.Equal(1, id.Zip(p.IdNumber).Count(x => x.First != x.Second));
            }
            else
                Assert.Equal(p.IdNumber, id);
        }
    }

    [Fact]
    public void SocialSecurity_Records_BirthDatesDecodeToTheTruth()
    {
        foreach (var r in fixture.Of(Departments.SocialSecurity))
        {
            var p = _population.PersonOf(r);
            var date = r.Errors.HasFlag(InjectedErrors.DateExcelSerial)
                ? DateOnly.FromDayNumber(new DateOnly(1899, 12, 30).DayNumber + int.Parse(r.Raw.BirthDate, CultureInfo.InvariantCulture))
                : DateOnly.ParseExact(r.Raw.BirthDate, ["yyyy-MM-dd", "yyyyMMdd"], CultureInfo.InvariantCulture);
            var expected = r.Errors.HasFlag(InjectedErrors.DateSwapped) ? new DateOnly(p.BirthDate.Year, p.BirthDate.Day, p.BirthDate.Month) : p.BirthDate;
            Assert.Equal(expected, date);
            Assert.Equal(p.Sex == PersonSex.Male ? "1" : "2", r.Raw.Sex);
            Assert.Equal(r.Errors.HasFlag(InjectedErrors.NameHomophone), r.Raw.Name != p.Name);
        }
    }

    [Fact]
    public void Grid_Records_PhoneAlwaysChineseDatesAndGridAddresses()
    {
        foreach (var r in fixture.Of(Departments.Grid))
        {
            var p = _population.PersonOf(r);
            Assert.Matches(@"^WG\d{8}$", r.LocalId);
            Assert.Matches(@"^1[3-9]\d{9}$", r.Raw.Phone);
            Assert.Equal(p.Sex == PersonSex.Male ? "男性" : "女性", r.Raw.Sex);
            Assert.Matches(@"^\d{4}年\d{1,2}月(\d{1,2}日)?$", r.Raw.BirthDate);
            Assert.Contains("网格 ", r.Raw.Address, StringComparison.Ordinal);
            Assert.True(r.Raw.IdNumber == "" || r.Raw.IdNumber == p.IdNumber);
            if (p.Phone is not null)
                Assert.Equal(p.Phone, r.Raw.Phone);
        }
        // Household members seen at the current address share it; a moved household's old address differs.
        foreach (var g in fixture.Of(Departments.Grid).GroupBy(r => _population.PersonOf(r).HouseholdId))
        {
            Assert.True(g.Where(r => !r.Errors.HasFlag(InjectedErrors.OldAddress)).Select(r => r.Raw.Address).Distinct().Count() <= 1);
            Assert.True(g.Where(r => r.Errors.HasFlag(InjectedErrors.OldAddress)).Select(r => r.Raw.Address).Distinct().Count() <= 1);
        }
    }

    [Fact]
    public void ToPersonRecord_GridRecord_CarriesRawValuesAsContract()
    {
        var r = fixture.Of(Departments.Grid).First(x => x.Raw.IdNumber.Length > 0);

        var record = r.ToPersonRecord();

        Assert.Equal(new SourceRef { Department = "grid", LocalId = r.LocalId }, record.SourceRef);
        Assert.Equal(r.Raw.Name, record.Name);
        Assert.Equal(r.Raw.IdNumber, record.IdNumber);
        Assert.Equal(r.Raw.BirthDate, record.BirthDate);
        Assert.Equal("sex", record.Sex.Dictionary);
        Assert.Equal(r.Raw.Sex, record.Sex.SourceCode);
        Assert.Null(record.Ethnicity);
        Assert.Equal(ContactKind.MobilePhone, Assert.Single(record.Contacts).Kind);
        Assert.Equal(r.Raw.Phone, record.Contacts[0].Value);
        Assert.Equal(r.Raw.Address, Assert.Single(record.Addresses).Address.RawText);
    }

    [Fact]
    public void ToPersonRecord_HouseholdRecord_EthnicityAndRegisteredAddress()
    {
        var record = fixture.Of(Departments.Household)[0].ToPersonRecord();

        Assert.Equal("ethnicity", record.Ethnicity.Dictionary);
        Assert.Equal(ResidentAddressKind.HouseholdRegistration, record.Addresses[0].Kind);
        Assert.Empty(record.Contacts);
    }

    internal static string HalfWidth(string s) =>
        new(s.Select(c => c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c).ToArray());
}
