using Hub.SampleData;

namespace Hub.Tests.SampleData;

/// <summary>One 20,000-resident population with the default rates, shared by the tests of a class.</summary>
public sealed class SampleDataFixture
{
    public Population Population { get; } = new PopulationGenerator(new GeneratorOptions { Residents = 20_000, Seed = 7 }).Generate();

    public List<DepartmentRecord> Of(string department) => Population.RecordsOf(department).ToList();

    /// <summary>Share of a department's records carrying <paramref name="error"/>.</summary>
    public double Rate(string department, InjectedErrors error)
    {
        var records = Of(department);
        return (double)records.Count(r => (r.Errors & error) != 0) / records.Count;
    }
}
