using System.Diagnostics;

namespace Hub.SampleData;

/// <summary>
/// Generates a seeded population of Quzhou residents in households and the records the household
/// registry, civil affairs, social security and grid management hold about them. The same options
/// always give the same population and records.
/// </summary>
public sealed class PopulationGenerator
{
    private readonly GeneratorOptions _options;

    /// <summary>Creates a generator; throws when an option is out of range.</summary>
    public PopulationGenerator(GeneratorOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>Generates everything; <paramref name="log"/>, when given, receives progress lines.</summary>
    public Population Generate(Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        void Step(string what) => log?.Invoke($"{clock.Elapsed.TotalSeconds,6:0.0}s  {what} (gc pause {GC.GetTotalPauseDuration().TotalSeconds:0.0}s, gen2 {GC.CollectionCount(2)})");

        var places = new Places(new Rng(_options.Seed, "places"));
        var (people, households) = new PeopleBuilder(_options, new Rng(_options.Seed, "people"), places)
            .Build(count => Step($"{count:N0} people"));
        Step($"{people.Count:N0} people in {households.Count:N0} households");

        var ctx = new GenerationContext(_options, people, households, places);
        var records = new List<DepartmentRecord>();
        foreach (var (department, generate) in Generators)
        {
            records.AddRange(generate(ctx));
            Step($"{department}: {records.Count(r => r.Department == department):N0} records");
        }
        return new Population(_options, people, households, records);
    }

    private static readonly (string, Func<GenerationContext, List<DepartmentRecord>>)[] Generators =
    [
        (Departments.Household, RegistryRecords.Household),
        (Departments.CivilAffairs, RegistryRecords.CivilAffairs),
        (Departments.SocialSecurity, SocialSecurityRecords.Generate),
        (Departments.Grid, GridRecords.Generate),
    ];
}
