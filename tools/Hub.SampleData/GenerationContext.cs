using Hub.Dictionaries;

namespace Hub.SampleData;

/// <summary>What every department's record generator reads: the options, the truth and the places.</summary>
internal sealed class GenerationContext(GeneratorOptions options, List<Person> people, List<Household> households, Places places)
{
    public GeneratorOptions Options { get; } = options;
    public List<Person> People { get; } = people;
    public List<Household> Households { get; } = households;
    public Places Places { get; } = places;

    /// <summary>An independent random stream for one department, so changing one department's rates leaves the others alone.</summary>
    public Rng RngFor(string department) => new(Options.Seed, department);

    public Household HouseholdOf(Person p) => Households[p.HouseholdId - 1];

    /// <summary>The GB/T 4761 name of a relationship code (22 → 长子).</summary>
    public static string RelationshipName(string code) =>
        DictionaryCatalog.Default.TryGet(DictionaryCatalog.FamilyRelationship, out var d) && d.TryGet(code, out var entry) ? entry.Label : code;
}
