using Hub.SampleData;

namespace Hub.Tests.SampleData;

/// <summary>Each injected error appears at roughly its configured rate (defaults, 20,000 residents).</summary>
public sealed class InjectedErrorTests(SampleDataFixture fixture) : IClassFixture<SampleDataFixture>
{
    private readonly Population _population = fixture.Population;

    [Theory]
    [InlineData(Departments.SocialSecurity, InjectedErrors.IdMissing, 0.01)]
    [InlineData(Departments.SocialSecurity, InjectedErrors.IdTypo, 0.02)]
    [InlineData(Departments.SocialSecurity, InjectedErrors.IdFullWidth, 0.03)]
    [InlineData(Departments.SocialSecurity, InjectedErrors.DateExcelSerial, 0.05)]
    [InlineData(Departments.SocialSecurity, InjectedErrors.DateSwapped, 0.01)]
    [InlineData(Departments.SocialSecurity, InjectedErrors.NameHomophone, 0.025)]
    [InlineData(Departments.CivilAffairs, InjectedErrors.NameTraditional, 0.045)]
    [InlineData(Departments.Grid, InjectedErrors.IdMissing, 0.60)]
    [InlineData(Departments.Grid, InjectedErrors.NameSpaces, 0.05)]
    [InlineData(Departments.Grid, InjectedErrors.NameFullWidth, 0.0285)]
    [InlineData(Departments.Grid, InjectedErrors.DateYearMonthOnly, 0.40)]
    [InlineData(Departments.Grid, InjectedErrors.OldAddress, 0.10)]
    public void Generate_DefaultRates_ErrorShareNearConfigured(string department, InjectedErrors error, double expected)
    {
        var n = fixture.Of(department).Count;
        // Four standard deviations of a binomial share, and never less than a fifth of the rate.
        var tolerance = Math.Max(4 * Math.Sqrt(expected * (1 - expected) / n), expected / 5);

        Assert.InRange(fixture.Rate(department, error), expected - tolerance, expected + tolerance);
    }

    [Fact]
    public void Generate_CivilAffairs_LegacyIdsOnAboutThirtyPercentOfOlderRecords()
    {
        var older = fixture.Of(Departments.CivilAffairs).Where(r => _population.PersonOf(r).BirthDate.Year < 1980).ToList();
        var share = (double)older.Count(r => r.Errors.HasFlag(InjectedErrors.IdLegacy15)) / older.Count;

        Assert.InRange(share, 0.22, 0.38);
        Assert.DoesNotContain(fixture.Of(Departments.CivilAffairs), r => r.Raw.IdNumber.Length == 15 && _population.PersonOf(r).BirthDate.Year >= 1980);
    }

    [Fact]
    public void Generate_SocialSecurity_LowerXOnAboutHalfOfNumbersEndingInX()
    {
        var endingInX = fixture.Of(Departments.SocialSecurity)
            .Where(r => _population.PersonOf(r).IdNumber.EndsWith('X') && !r.Errors.HasFlag(InjectedErrors.IdMissing)).ToList();
        var share = (double)endingInX.Count(r => r.Errors.HasFlag(InjectedErrors.IdLowerX)) / endingInX.Count;

        Assert.InRange(share, 0.4, 0.6);
    }

    [Fact]
    public void Generate_Homophones_ReadTheSameAsTheTrueName()
    {
        var homophones = fixture.Of(Departments.SocialSecurity).Where(r => r.Errors.HasFlag(InjectedErrors.NameHomophone)).ToList();

        Assert.NotEmpty(homophones);
        foreach (var r in homophones)
        {
            var truth = _population.PersonOf(r).Name;
            Assert.Equal(truth.Length, r.Raw.Name.Length);
            Assert.Equal(truth[0], r.Raw.Name[0]);
            Assert.Equal(1, truth.Zip(r.Raw.Name).Count(x => x.First != x.Second));
        }
    }

    [Fact]
    public void Generate_ZeroRates_NoErrors()
    {
        var clean = new GeneratorOptions
        {
            Residents = 3_000, SocialSecurityMissingIdRate = 0, SocialSecurityIdTypoRate = 0, SocialSecurityExcelDateRate = 0,
            SocialSecuritySwappedDateRate = 0, SocialSecurityHomophoneRate = 0, GridOldAddressRate = 0,
        };

        var population = new PopulationGenerator(clean).Generate();

        var kinds = InjectedErrors.IdMissing | InjectedErrors.IdTypo | InjectedErrors.DateExcelSerial | InjectedErrors.DateSwapped | InjectedErrors.NameHomophone;
        Assert.DoesNotContain(population.RecordsOf(Departments.SocialSecurity), r => (r.Errors & kinds) != 0);
        Assert.DoesNotContain(population.RecordsOf(Departments.Grid), r => r.Errors.HasFlag(InjectedErrors.OldAddress));
    }

    [Fact]
    public void Ctor_RateAboveOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PopulationGenerator(new GeneratorOptions { GridIdRate = 1.5 }));
}
